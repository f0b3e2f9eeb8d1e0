//! Frameworks: everyone reads them; the national body creates them (with G-Cloud 13's lots and
//! categories, and a starter declaration), changes their dates and moves their stage by hand.

use super::load::{self, framework_summary, today};
use crate::access::{authorise, permit, CatalogueAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::catalogue::entity::{category, declaration_question, framework, lot};
use crate::catalogue::rules;
use crate::catalogue::types::*;
use crate::db::{Db, WriteTxn};
use crate::error::{ServiceError, ServiceResult};
use chrono::{Days, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

/// G-Cloud 13's lots and category trees, copied onto every new framework.
const LOTS: &str = include_str!("../../../data/gcloud13-lots.txt");

/// The declaration every new framework starts with; the national body edits it per framework.
/// (question, whether details are needed for a "yes" (true) or a "no" (false))
const STARTER_DECLARATION: &[(&str, bool)] = &[
    (
        "Has your organisation, or any of its directors, been convicted of an offence that is a mandatory exclusion ground under the Procurement Act 2023?",
        true,
    ),
    (
        "Are your tax and National Insurance payments up to date?",
        false,
    ),
    (
        "Do you hold Cyber Essentials (or Cyber Essentials Plus) for the systems that will handle police data?",
        false,
    ),
    (
        "Will your staff who work on police contracts hold the police vetting (NPPV) each force asks for?",
        false,
    ),
    (
        "Do you comply with the Modern Slavery Act 2015, including publishing a statement where the Act requires one?",
        false,
    ),
];

pub async fn list_frameworks(
    db: &Db,
    viewer: Option<&Viewer>,
) -> ServiceResult<Vec<FrameworkSummary>> {
    permit(viewer, CatalogueAction::Browse)?;
    Ok(framework::Entity::find()
        .order_by_desc(framework::Column::GoesLive)
        .all(&db.conn)
        .await?
        .iter()
        .map(framework_summary)
        .collect())
}

pub async fn framework_detail(
    db: &Db,
    viewer: Option<&Viewer>,
    framework_id: i32,
) -> ServiceResult<FrameworkDetail> {
    permit(viewer, CatalogueAction::Browse)?;
    let fw = load::find_framework(&db.conn, framework_id).await?;
    let mut lots = Vec::new();
    for l in load::lots(&db.conn, fw.id).await? {
        lots.push(load::lot_with_categories(&db.conn, &l).await?);
    }
    Ok(FrameworkDetail {
        framework: framework_summary(&fw),
        lots,
        questions: load::questions(&db.conn, fw.id).await?,
    })
}

/// The framework now open for applications, if any (the newest).
pub async fn open_frameworks(db: &Db) -> ServiceResult<Vec<FrameworkSummary>> {
    Ok(framework::Entity::find()
        .order_by_desc(framework::Column::GoesLive)
        .all(&db.conn)
        .await?
        .iter()
        .map(framework_summary)
        .filter(|f| f.stage == FrameworkStage::Open)
        .collect())
}

pub async fn create_framework(
    db: &Db,
    viewer: Option<&Viewer>,
    form: &FrameworkForm,
) -> ServiceResult<i32> {
    let viewer = authorise(viewer, CatalogueAction::ManageFrameworks)?;
    let (open, live, expires) = rules::check_framework(form)?;
    let txn = db.write().await?;
    let name = form.name.trim().to_string();
    name_is_free(&txn, &name, None).await?;
    let id = insert_framework(&txn, &name, form.description.trim(), open, live, expires).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::FRAMEWORK_CREATED,
            "framework",
            id,
            json!({ "name": name, "applications_open": open, "goes_live": live, "expires": expires }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

async fn name_is_free(txn: &WriteTxn, name: &str, except: Option<i32>) -> ServiceResult<()> {
    let clash = framework::Entity::find()
        .filter(framework::Column::Name.eq(name))
        .one(&**txn)
        .await?;
    match clash {
        Some(f) if Some(f.id) != except => Err(ServiceError::invalid(
            "name",
            "A framework with this name already exists: choose another name",
        )),
        _ => Ok(()),
    }
}

/// A framework with G-Cloud 13's three lots, their categories and the starter declaration.
/// Also used by the demo seed.
pub async fn insert_framework(
    txn: &WriteTxn,
    name: &str,
    description: &str,
    open: chrono::NaiveDate,
    live: chrono::NaiveDate,
    expires: chrono::NaiveDate,
) -> ServiceResult<i32> {
    let fw = framework::ActiveModel {
        name: Set(name.to_string()),
        description: Set(description.to_string()),
        applications_open: Set(open),
        goes_live: Set(live),
        expires: Set(expires),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&**txn)
    .await?;
    let mut lot_id = None;
    let mut parent_id = None;
    let mut position = 0;
    for line in LOTS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let parts: Vec<&str> = line.split('|').collect();
        position += 1;
        match parts.as_slice() {
            ["lot", slug, name, max, description] => {
                let l = lot::ActiveModel {
                    framework_id: Set(fw.id),
                    slug: Set(slug.to_string()),
                    name: Set(name.to_string()),
                    description: Set(description.to_string()),
                    max_categories: Set(max.parse().map_err(ServiceError::internal)?),
                    position: Set(position),
                    ..Default::default()
                }
                .insert(&**txn)
                .await?;
                lot_id = Some(l.id);
                parent_id = None;
            }
            [kind @ ("parent" | "leaf"), name] => {
                let lot_id =
                    lot_id.ok_or_else(|| ServiceError::internal("category before a lot"))?;
                let c = category::ActiveModel {
                    lot_id: Set(lot_id),
                    parent_id: Set(if *kind == "leaf" { parent_id } else { None }),
                    name: Set(name.to_string()),
                    position: Set(position),
                    retired_at: Set(None),
                    ..Default::default()
                }
                .insert(&**txn)
                .await?;
                if *kind == "parent" {
                    parent_id = Some(c.id);
                }
            }
            _ => return Err(ServiceError::internal(format!("bad lots line: {line}"))),
        }
    }
    for (i, (text, details_when)) in STARTER_DECLARATION.iter().enumerate() {
        declaration_question::ActiveModel {
            framework_id: Set(fw.id),
            position: Set(i as i32 + 1),
            text: Set(text.to_string()),
            details_when: Set(*details_when),
            retired_at: Set(None),
            ..Default::default()
        }
        .insert(&**txn)
        .await?;
    }
    Ok(fw.id)
}

pub async fn update_framework(
    db: &Db,
    viewer: Option<&Viewer>,
    framework_id: i32,
    form: &FrameworkForm,
) -> ServiceResult<()> {
    let viewer = authorise(viewer, CatalogueAction::ManageFrameworks)?;
    let (open, live, expires) = rules::check_framework(form)?;
    let txn = db.write().await?;
    let fw = load::find_framework(&*txn, framework_id).await?;
    let name = form.name.trim().to_string();
    name_is_free(&txn, &name, Some(fw.id)).await?;
    let before = framework_summary(&fw);
    let mut m: framework::ActiveModel = fw.into();
    m.name = Set(name.clone());
    m.description = Set(form.description.trim().to_string());
    m.applications_open = Set(open);
    m.goes_live = Set(live);
    m.expires = Set(expires);
    m.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::FRAMEWORK_CHANGED,
            "framework",
            framework_id,
            json!({
                "name": name,
                "applications_open": open, "goes_live": live, "expires": expires,
                "stage_before": before.stage.as_str(),
                "stage_after": rules::stage(open, live, expires, today()).as_str(),
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Moves a framework to its next stage today, by hand: the date that starts that stage
/// becomes today (earlier dates move back if they would now be out of order).
pub async fn move_to_next_stage(
    db: &Db,
    viewer: Option<&Viewer>,
    framework_id: i32,
) -> ServiceResult<FrameworkStage> {
    let viewer = authorise(viewer, CatalogueAction::ManageFrameworks)?;
    let txn = db.write().await?;
    let fw = load::find_framework(&*txn, framework_id).await?;
    let day = today();
    let back = |n: u64| day.checked_sub_days(Days::new(n)).unwrap_or(day);
    let stage = framework_summary(&fw).stage;
    let (open, live, expires, next) = match stage {
        FrameworkStage::Coming => (day, fw.goes_live, fw.expires, FrameworkStage::Open),
        FrameworkStage::Open => (
            fw.applications_open.min(back(1)),
            day,
            fw.expires,
            FrameworkStage::Live,
        ),
        FrameworkStage::Live => (
            fw.applications_open.min(back(2)),
            fw.goes_live.min(back(1)),
            day,
            FrameworkStage::Expired,
        ),
        FrameworkStage::Expired => {
            return Err(ServiceError::Conflict(
                "This framework has expired: it has no next stage.".into(),
            ))
        }
    };
    if rules::stage(open, live, expires, day) != next {
        return Err(ServiceError::Conflict(format!(
            "{} cannot move to “{}” today: its later dates come first. Change its dates instead.",
            fw.name,
            next.label()
        )));
    }
    let mut m: framework::ActiveModel = fw.clone().into();
    m.applications_open = Set(open);
    m.goes_live = Set(live);
    m.expires = Set(expires);
    m.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::FRAMEWORK_STAGE_MOVED,
            "framework",
            framework_id,
            json!({ "name": fw.name, "from": stage.as_str(), "to": next.as_str() }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(next)
}
