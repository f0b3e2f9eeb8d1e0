//! The systems register: each force's systems, kept by its own people (and the national body),
//! downloaded and uploaded as CSV, and the national duplication map: for each function, which
//! forces run which supplier's product, with counts and the maintenance they pay.

use crate::access::{authorise, SpendAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::catalogue::entity::catalogue_term;
use crate::catalogue::types::TermKind;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::organisation;
use crate::identity::types::OrgKind;
use crate::money::Money;
use crate::spend::entity::spend_system;
use crate::spend::register::{self, SystemForm, ValidSystem, OTHER};
use crate::validation::FieldErrors;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use std::collections::{BTreeMap, HashMap};

/// The national body's legacy functions (id, name), retired ones included (a system keeps
/// its function).
pub async fn functions(conn: &impl ConnectionTrait) -> ServiceResult<Vec<(i32, String)>> {
    Ok(catalogue_term::Entity::find()
        .filter(catalogue_term::Column::Kind.eq(TermKind::LegacyFunction))
        .order_by_asc(catalogue_term::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect())
}

async fn force(conn: &impl ConnectionTrait, id: i32) -> ServiceResult<organisation::Model> {
    organisation::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|o| o.kind == OrgKind::Force)
        .ok_or(ServiceError::NotFound)
}

#[derive(Clone, Debug)]
pub struct SystemRow {
    pub system: spend_system::Model,
    pub function: String,
}

#[derive(Clone, Debug)]
pub struct Register {
    pub force_id: i32,
    pub force: String,
    pub systems: Vec<SystemRow>,
    pub functions: Vec<(i32, String)>,
    pub can_edit: bool,
    pub total: Money,
}

fn function_name(functions: &[(i32, String)], id: Option<i32>) -> String {
    id.and_then(|id| functions.iter().find(|(i, _)| *i == id))
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| OTHER.to_string())
}

/// A force's register.
pub async fn register(db: &Db, viewer: Option<&Viewer>, force_id: i32) -> ServiceResult<Register> {
    let v = authorise(viewer, SpendAction::ViewSystems { org_id: force_id })?;
    let f = force(&db.conn, force_id).await?;
    let functions = functions(&db.conn).await?;
    let systems: Vec<SystemRow> = spend_system::Entity::find()
        .filter(spend_system::Column::ForceId.eq(force_id))
        .order_by_asc(spend_system::Column::Name)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|s| SystemRow {
            function: function_name(&functions, s.function_id),
            system: s,
        })
        .collect();
    let total = Money::from_pence(
        systems
            .iter()
            .filter_map(|s| s.system.annual_maintenance_pence)
            .sum(),
    );
    Ok(Register {
        force_id,
        force: f.name,
        can_edit: crate::access::can(Some(v), SpendAction::EditSystems { org_id: force_id }),
        systems,
        functions,
        total,
    })
}

/// One system, for its edit form.
pub async fn system(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<(spend_system::Model, Vec<(i32, String)>)> {
    let s = spend_system::Entity::find_by_id(id).one(&db.conn).await?;
    let Some(s) = s else {
        let v = viewer.ok_or(ServiceError::Forbidden)?;
        return Err(crate::access::missing(
            Some(v),
            SpendAction::EditSystems {
                org_id: crate::access::ANOTHER_ORGANISATION,
            },
        ));
    };
    authorise(viewer, SpendAction::EditSystems { org_id: s.force_id })?;
    Ok((s, functions(&db.conn).await?))
}

fn apply(m: &mut spend_system::ActiveModel, s: ValidSystem) {
    m.name = Set(s.name);
    m.supplier = Set(s.supplier);
    m.function_id = Set(s.function_id);
    m.product = Set(s.product);
    m.go_live_year = Set(s.go_live_year);
    m.end_of_support = Set(s.end_of_support);
    m.annual_maintenance_pence = Set(s.annual_maintenance.map(|m| m.pence()));
    m.status = Set(s.status);
    m.contract = Set(s.contract);
    m.updated_at = Set(Utc::now());
}

/// Adds a system to a force's register (`id` None) or changes one.
pub async fn save_system(
    db: &Db,
    viewer: Option<&Viewer>,
    force_id: i32,
    id: Option<i32>,
    form: &SystemForm,
) -> ServiceResult<i32> {
    let v = authorise(viewer, SpendAction::EditSystems { org_id: force_id })?;
    let txn = db.write().await?;
    force(&*txn, force_id).await?;
    let functions = functions(&*txn).await?;
    let valid = register::validate(form, &functions, Utc::now().date_naive())
        .map_err(ServiceError::Invalid)?;
    let name = valid.name.clone();
    let (saved, action) = match id {
        Some(id) => {
            let existing = spend_system::Entity::find_by_id(id)
                .one(&*txn)
                .await?
                .filter(|s| s.force_id == force_id)
                .ok_or(ServiceError::NotFound)?;
            let mut m = existing.into_active_model();
            apply(&mut m, valid);
            (m.update(&*txn).await?, actions::SPEND_SYSTEM_CHANGED)
        }
        None => {
            let mut m = spend_system::ActiveModel {
                force_id: Set(force_id),
                ..Default::default()
            };
            apply(&mut m, valid);
            (m.insert(&*txn).await?, actions::SPEND_SYSTEM_ADDED)
        }
    };
    // Rules may read what the register says of the force's suppliers.
    let moved = super::classification::links_changed(&*txn, force_id).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            action,
            "spend_system",
            saved.id,
            serde_json::json!({ "force_id": force_id, "name": name, "payments_reclassified": moved }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

pub async fn delete_system(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<i32> {
    let (s, _) = system(db, viewer, id).await?;
    let v = authorise(viewer, SpendAction::EditSystems { org_id: s.force_id })?;
    let txn = db.write().await?;
    spend_system::Entity::delete_by_id(id).exec(&*txn).await?;
    let moved = super::classification::links_changed(&*txn, s.force_id).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::SPEND_SYSTEM_REMOVED,
            "spend_system",
            id,
            serde_json::json!({ "force_id": s.force_id, "name": s.name, "payments_reclassified": moved }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(s.force_id)
}

/// A force's register as CSV (the same columns an upload reads).
pub async fn register_csv(
    db: &Db,
    viewer: Option<&Viewer>,
    force_id: i32,
) -> ServiceResult<String> {
    let r = register(db, viewer, force_id).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| ServiceError::Internal(e.to_string());
    w.write_record(register::CSV_HEADER).map_err(fail)?;
    for row in &r.systems {
        let s = &row.system;
        let valid = ValidSystem {
            name: s.name.clone(),
            supplier: s.supplier.clone(),
            function_id: s.function_id,
            product: s.product.clone(),
            go_live_year: s.go_live_year,
            end_of_support: s.end_of_support,
            annual_maintenance: s.annual_maintenance_pence.map(Money::from_pence),
            status: s.status,
            contract: s.contract.clone(),
        };
        w.write_record(register::csv_row(&valid, &row.function))
            .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Replaces a force's register with an uploaded CSV, all or nothing: every row is checked
/// first, and any mistake (each named with its line) leaves the register as it was.
/// Answers how many systems it now has.
pub async fn upload_register(
    db: &Db,
    viewer: Option<&Viewer>,
    force_id: i32,
    bytes: &[u8],
) -> ServiceResult<usize> {
    let v = authorise(viewer, SpendAction::EditSystems { org_id: force_id })?;
    let (text, _) = crate::spend::parse::decode::decode(bytes, None)
        .map_err(|e| ServiceError::invalid("file", format!("The file cannot be read: {e}")))?;
    let rows = register::read_csv(&text)
        .map_err(|e| ServiceError::invalid("file", format!("The file cannot be read: {e}")))?;
    let txn = db.write().await?;
    force(&*txn, force_id).await?;
    let functions = functions(&*txn).await?;
    let today = Utc::now().date_naive();
    let mut valid = Vec::new();
    let mut errors = FieldErrors::default();
    for (line, form) in &rows {
        match register::validate(form, &functions, today) {
            Ok(s) => valid.push(s),
            // Every mistake of every line is listed (all point at the file input), not only
            // the first, so one correction round is enough.
            Err(e) => errors
                .0
                .extend(e.0.into_iter().map(|fe| crate::validation::FieldError {
                    field: "file".into(),
                    message: format!("Line {line}: {}", fe.message),
                })),
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    spend_system::Entity::delete_many()
        .filter(spend_system::Column::ForceId.eq(force_id))
        .exec(&*txn)
        .await?;
    let n = valid.len();
    for s in valid {
        let mut m = spend_system::ActiveModel {
            force_id: Set(force_id),
            ..Default::default()
        };
        apply(&mut m, s);
        m.insert(&*txn).await?;
    }
    let moved = super::classification::links_changed(&*txn, force_id).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::SPEND_REGISTER_UPLOADED,
            "organisation",
            force_id,
            serde_json::json!({ "systems": n, "payments_reclassified": moved }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}

/// One product in the duplication map: who runs it and what they pay to maintain it.
#[derive(Clone, Debug)]
pub struct ProductRow {
    pub supplier: String,
    pub product: String,
    pub forces: Vec<String>,
    pub maintenance: Money,
}

#[derive(Clone, Debug)]
pub struct FunctionGroup {
    pub function: String,
    pub products: Vec<ProductRow>,
    pub forces: usize,
    pub maintenance: Money,
}

/// (supplier, product) -> (the forces running it, their maintenance in pence).
type ByProduct = BTreeMap<(String, String), (Vec<String>, i64)>;

/// For each function, which forces run which supplier's product, most forces first.
pub async fn duplication_map(
    db: &Db,
    viewer: Option<&Viewer>,
) -> ServiceResult<Vec<FunctionGroup>> {
    authorise(viewer, SpendAction::ViewDuplicationMap)?;
    let functions = functions(&db.conn).await?;
    let forces: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Force))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let systems = spend_system::Entity::find().all(&db.conn).await?;
    let mut map: BTreeMap<String, ByProduct> = BTreeMap::new();
    for s in systems {
        let f = function_name(&functions, s.function_id);
        let product = if s.product.is_empty() {
            s.name.clone()
        } else {
            s.product.clone()
        };
        let entry = map
            .entry(f)
            .or_default()
            .entry((s.supplier.clone(), product))
            .or_default();
        if let Some(name) = forces.get(&s.force_id) {
            if !entry.0.contains(name) {
                entry.0.push(name.clone());
            }
        }
        entry.1 += s.annual_maintenance_pence.unwrap_or(0);
    }
    let mut groups: Vec<FunctionGroup> = map
        .into_iter()
        .map(|(function, products)| {
            let mut products: Vec<ProductRow> = products
                .into_iter()
                .map(|((supplier, product), (mut forces, pence))| {
                    forces.sort();
                    ProductRow {
                        supplier,
                        product,
                        forces,
                        maintenance: Money::from_pence(pence),
                    }
                })
                .collect();
            products.sort_by(|a, b| {
                b.forces
                    .len()
                    .cmp(&a.forces.len())
                    .then(a.product.cmp(&b.product))
            });
            let mut all: Vec<&String> = products.iter().flat_map(|p| &p.forces).collect();
            all.sort();
            all.dedup();
            FunctionGroup {
                forces: all.len(),
                maintenance: Money::from_pence(
                    products.iter().map(|p| p.maintenance.pence()).sum(),
                ),
                function,
                products,
            }
        })
        .collect();
    // "Other" last.
    groups.sort_by_key(|g| g.function == OTHER);
    Ok(groups)
}
