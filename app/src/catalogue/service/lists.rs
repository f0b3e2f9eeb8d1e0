//! The national body's editable lists: a lot's categories, the national systems and legacy
//! functions a listing picks from, and each framework's declaration questions. Nothing is
//! deleted: a retired entry stays on the records that have it and is not offered again.

use super::load;
use crate::access::{authorise, CatalogueAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::catalogue::entity::{catalogue_term, category, declaration_question};
use crate::catalogue::types::*;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

const NAME_MAX: usize = 120;
const QUESTION_MAX: usize = 1000;

fn clean_name(field: &str, what: &str, value: &str, max: usize) -> ServiceResult<String> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty() {
        return Err(ServiceError::invalid(field, format!("Enter the {what}")));
    }
    if v.chars().count() > max {
        return Err(ServiceError::invalid(
            field,
            format!("The {what} must be {max} characters or fewer"),
        ));
    }
    Ok(v)
}

fn entry_id(form: &EntryForm) -> ServiceResult<i32> {
    form.id.parse().map_err(|_| ServiceError::NotFound)
}

/// Adds, renames, retires or restores a category of a lot.
pub async fn change_category(
    db: &Db,
    viewer: Option<&Viewer>,
    lot_id: i32,
    form: &EntryForm,
) -> ServiceResult<String> {
    let viewer = authorise(viewer, CatalogueAction::ManageFrameworks)?;
    let txn = db.write().await?;
    let lot = load::find_lot(&*txn, lot_id).await?;
    let cats = category::Entity::find()
        .filter(category::Column::LotId.eq(lot.id))
        .all(&*txn)
        .await?;
    let (action, message, name, id) = match form.intent.as_str() {
        "add" => {
            let name = clean_name("name", "category name", &form.name, NAME_MAX)?;
            let parent = match form.parent.as_str() {
                "" => None,
                p => {
                    let p: i32 = p.parse().map_err(|_| {
                        ServiceError::invalid("parent", "Select a parent category from the list")
                    })?;
                    if !cats.iter().any(|c| c.id == p && c.parent_id.is_none()) {
                        return Err(ServiceError::invalid(
                            "parent",
                            "Select a parent category from the list",
                        ));
                    }
                    Some(p)
                }
            };
            if cats
                .iter()
                .any(|c| c.parent_id == parent && c.name.eq_ignore_ascii_case(&name))
            {
                return Err(ServiceError::invalid(
                    "name",
                    format!("“{name}” is already a category here"),
                ));
            }
            let position = cats.iter().map(|c| c.position).max().unwrap_or(0) + 1;
            let c = category::ActiveModel {
                lot_id: Set(lot.id),
                parent_id: Set(parent),
                name: Set(name.clone()),
                position: Set(position),
                retired_at: Set(None),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
            (
                actions::CATEGORY_ADDED,
                format!("Category “{name}” added"),
                name,
                c.id,
            )
        }
        "rename" | "retire" | "restore" => {
            let id = entry_id(form)?;
            let c = cats
                .iter()
                .find(|c| c.id == id)
                .cloned()
                .ok_or(ServiceError::NotFound)?;
            let mut m: category::ActiveModel = c.clone().into();
            let (action, message) = match form.intent.as_str() {
                "rename" => {
                    let name =
                        clean_name(&format!("name-{id}"), "category name", &form.name, NAME_MAX)?;
                    m.name = Set(name.clone());
                    (
                        actions::CATEGORY_RENAMED,
                        format!("“{}” renamed “{name}”", c.name),
                    )
                }
                "retire" => {
                    m.retired_at = Set(Some(Utc::now()));
                    (
                        actions::CATEGORY_RETIRED,
                        format!(
                            "“{}” retired: services that have it keep it; new ones cannot pick it",
                            c.name
                        ),
                    )
                }
                _ => {
                    m.retired_at = Set(None);
                    (actions::CATEGORY_RESTORED, format!("“{}” restored", c.name))
                }
            };
            let updated = m.update(&*txn).await?;
            (action, message, updated.name, id)
        }
        _ => return Err(ServiceError::invalid("intent", "Choose what to change")),
    };
    record(
        &txn,
        NewEvent::by(
            viewer,
            action,
            "category",
            id,
            json!({ "lot": lot.name, "name": name }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(message)
}

/// Adds, renames, retires or restores an entry of a catalogue list.
pub async fn change_term(
    db: &Db,
    viewer: Option<&Viewer>,
    kind: TermKind,
    form: &EntryForm,
) -> ServiceResult<String> {
    let viewer = authorise(viewer, CatalogueAction::ManageFrameworks)?;
    let txn = db.write().await?;
    let existing = catalogue_term::Entity::find()
        .filter(catalogue_term::Column::Kind.eq(kind))
        .all(&*txn)
        .await?;
    let (action, message, name, id) = match form.intent.as_str() {
        "add" => {
            let name = clean_name("name", "name", &form.name, NAME_MAX)?;
            if existing.iter().any(|t| t.name.eq_ignore_ascii_case(&name)) {
                return Err(ServiceError::invalid(
                    "name",
                    format!("“{name}” is already on the list"),
                ));
            }
            let t = catalogue_term::ActiveModel {
                kind: Set(kind),
                name: Set(name.clone()),
                retired_at: Set(None),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
            (actions::TERM_ADDED, format!("“{name}” added"), name, t.id)
        }
        "rename" | "retire" | "restore" => {
            let id = entry_id(form)?;
            let t = existing
                .iter()
                .find(|t| t.id == id)
                .cloned()
                .ok_or(ServiceError::NotFound)?;
            let mut m: catalogue_term::ActiveModel = t.clone().into();
            let (action, message) = match form.intent.as_str() {
                "rename" => {
                    let name = clean_name(&format!("name-{id}"), "name", &form.name, NAME_MAX)?;
                    if existing
                        .iter()
                        .any(|o| o.id != id && o.name.eq_ignore_ascii_case(&name))
                    {
                        return Err(ServiceError::invalid(
                            &format!("name-{id}"),
                            format!("“{name}” is already on the list"),
                        ));
                    }
                    m.name = Set(name.clone());
                    (
                        actions::TERM_RENAMED,
                        format!("“{}” renamed “{name}”", t.name),
                    )
                }
                "retire" => {
                    m.retired_at = Set(Some(Utc::now()));
                    (actions::TERM_RETIRED, format!("“{}” retired", t.name))
                }
                _ => {
                    m.retired_at = Set(None);
                    (actions::TERM_RESTORED, format!("“{}” restored", t.name))
                }
            };
            let updated = m.update(&*txn).await?;
            (action, message, updated.name, id)
        }
        _ => return Err(ServiceError::invalid("intent", "Choose what to change")),
    };
    record(
        &txn,
        NewEvent::by(
            viewer,
            action,
            "catalogue_list",
            id,
            json!({ "list": kind.as_str(), "name": name }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(message)
}

/// Adds, changes or removes a declaration question of a framework. Answers already given
/// keep the question they answered.
pub async fn change_question(
    db: &Db,
    viewer: Option<&Viewer>,
    framework_id: i32,
    form: &EntryForm,
) -> ServiceResult<String> {
    let viewer = authorise(viewer, CatalogueAction::ManageFrameworks)?;
    let txn = db.write().await?;
    let fw = load::find_framework(&*txn, framework_id).await?;
    let details_when = |field: &str| match form.details_when.as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(ServiceError::invalid(
            field,
            "Select which answer needs details",
        )),
    };
    let (action, message, id) = match form.intent.as_str() {
        "add" => {
            let text = clean_name("name", "question", &form.name, QUESTION_MAX)?;
            let when = details_when("details_when")?;
            let position = load::questions(&*txn, fw.id)
                .await?
                .iter()
                .map(|q| q.position)
                .max()
                .unwrap_or(0)
                + 1;
            let q = declaration_question::ActiveModel {
                framework_id: Set(fw.id),
                position: Set(position),
                text: Set(text),
                details_when: Set(when),
                retired_at: Set(None),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
            (actions::QUESTION_ADDED, "Question added".to_string(), q.id)
        }
        "rename" | "retire" => {
            let id = entry_id(form)?;
            let q = declaration_question::Entity::find_by_id(id)
                .filter(declaration_question::Column::FrameworkId.eq(fw.id))
                .filter(declaration_question::Column::RetiredAt.is_null())
                .one(&*txn)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let mut m: declaration_question::ActiveModel = q.into();
            if form.intent == "rename" {
                m.text = Set(clean_name(
                    &format!("name-{id}"),
                    "question",
                    &form.name,
                    QUESTION_MAX,
                )?);
                m.details_when = Set(details_when(&format!("details_when-{id}"))?);
                m.update(&*txn).await?;
                (
                    actions::QUESTION_CHANGED,
                    "Question changed".to_string(),
                    id,
                )
            } else {
                m.retired_at = Set(Some(Utc::now()));
                m.update(&*txn).await?;
                (
                    actions::QUESTION_REMOVED,
                    "Question removed".to_string(),
                    id,
                )
            }
        }
        _ => return Err(ServiceError::invalid("intent", "Choose what to change")),
    };
    record(
        &txn,
        NewEvent::by(
            viewer,
            action,
            "declaration_question",
            id,
            json!({ "framework": fw.name, "question": form.name.trim() }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(message)
}
