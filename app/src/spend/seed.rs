//! Demo spend: a Kent payments file and a Crown Commercial Service framework file, imported
//! as the import command imports them, so the imports, their reports, the buyer names queue
//! and the suppliers list have something real in them; the real G-Cloud rows for police
//! buyers; the starter classification rules and target; and generated spend for all 43 forces
//! over six years, so the dashboards show a national picture. Idempotent: nothing is added
//! when any import exists.

use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::spend::entity::spend_import;
use crate::spend::service::import_file;
use sea_orm::EntityTrait;
use std::io::Write;

/// Framework spend as the Crown Commercial Service publishes it: a buyer on every row, under
/// names old and new, some of them not police at all.
const CCS_ROWS: &[(&str, &str, &str, &str)] = &[
    (
        "Kent Police",
        "Egress Software Technologies Ltd",
        "2024-04-01",
        "12400.00",
    ),
    (
        "Hampshire Constabulary",
        "Microsoft Ltd",
        "2024-04-01",
        "88213.5",
    ),
    (
        "Avon and Somerset Police Authority",
        "Civica UK Ltd",
        "2024-05-01",
        "4310.20",
    ),
    (
        "Mayors Office for Policing and Crime",
        "Amazon Web Services EMEA SARL",
        "2024-05-01",
        "250000.00",
    ),
    (
        "College of Policing",
        "Softcat plc",
        "2024-06-01",
        "9800.00",
    ),
    (
        "Civil Nuclear Constabulary",
        "Vodafone Ltd",
        "2024-06-01",
        "1520.75",
    ),
    ("Home Office", "CGI IT UK Ltd", "2024-06-01", "310000.00"),
    (
        "Office of the Police and Crime Commissioner for Greater Manchester",
        "Chorus Intelligence Ltd",
        "2024-07-01",
        "22100.00",
    ),
    (
        "Public Health England",
        "Microsoft Ltd",
        "2024-07-01",
        "5400.00",
    ),
];

fn io(e: std::io::Error) -> ServiceError {
    ServiceError::Internal(format!("writing the demo spend files: {e}"))
}

/// Every force's systems register, while none has one.
async fn seed_registers(db: &Db) -> ServiceResult<()> {
    use crate::spend::demo_register::{register_for, size_of};
    use crate::spend::entity::spend_system;
    use sea_orm::Set;
    if spend_system::Entity::find().one(&db.conn).await?.is_some() {
        return Ok(());
    }
    let functions = crate::spend::service::functions(&db.conn).await?;
    let forces = crate::spend::service::load::forces(&db.conn).await?;
    let now = chrono::Utc::now();
    let mut rows = Vec::new();
    for (force_id, name) in &forces {
        for s in register_for(name, size_of(name)) {
            rows.push(spend_system::ActiveModel {
                force_id: Set(*force_id),
                name: Set(s.product.to_string()),
                supplier: Set(s.supplier.to_string()),
                function_id: Set(functions
                    .iter()
                    .find(|(_, n)| n == s.function)
                    .map(|(id, _)| *id)),
                product: Set(s.product.to_string()),
                go_live_year: Set(Some(s.go_live_year)),
                end_of_support: Set(s.end_of_support),
                annual_maintenance_pence: Set(Some(s.annual_maintenance_pence)),
                status: Set(s.status),
                contract: Set(None),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    let txn = db.write().await?;
    for chunk in rows.chunks(500) {
        spend_system::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&*txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Payments the demo generates for the 43 forces, over this many financial years.
pub const DEMO_LINES: u64 = 30_000;
pub const DEMO_YEARS: i32 = 6;

/// The national body's target: at most 60% legacy by 2030 (the financial year 2030 to 2031).
async fn seed_target(db: &Db) -> ServiceResult<()> {
    use crate::identity::entity::app_user;
    use sea_orm::{ColumnTrait, QueryFilter};
    let admin = app_user::Entity::find()
        .filter(
            app_user::Column::Email.eq(format!("admin@{}", crate::identity::seed::NATIONAL_DOMAIN)),
        )
        .one(&db.conn)
        .await?;
    if let Some(admin) = admin {
        crate::spend::service::dashboard::seed_target(&db.conn, admin.id, 60, 2030).await?;
    }
    Ok(())
}

pub async fn seed_demo(db: &Db) -> ServiceResult<()> {
    seed_registers(db).await?;
    // Rules first: every import is classified as it finishes.
    crate::spend::service::generate::seed_rules(db).await?;
    seed_target(db).await?;
    if spend_import::Entity::find().one(&db.conn).await?.is_some() {
        return Ok(());
    }
    let dir = std::env::temp_dir().join(format!(
        "bluelamp-demo-spend-{}-{:016x}",
        std::process::id(),
        rand::random::<u64>()
    ));
    std::fs::create_dir_all(&dir).map_err(io)?;
    let kent = dir.join("kent-payments-over-500.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&kent).map_err(io)?);
        crate::spend::demo::write_force_file(&mut f, "Kent Police", 600).map_err(io)?;
        f.flush().map_err(io)?;
    }
    let ccs = dir.join("g-cloud-spend.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&ccs).map_err(io)?);
        writeln!(
            f,
            "CustomerName,SupplierName,ReturnMonth,EvidencedSpend,Framework"
        )
        .map_err(io)?;
        for (buyer, supplier, month, amount) in CCS_ROWS {
            writeln!(f, "\"{buyer}\",\"{supplier}\",{month},{amount},G-Cloud 14").map_err(io)?;
        }
        f.flush().map_err(io)?;
    }
    // The real G-Cloud spend returns' rows for police buyers (2012 to 2014), as the Crown
    // Commercial Service published them.
    let gcloud = dir.join("gcloud-police-rows.csv");
    std::fs::write(&gcloud, include_str!("../../data/gcloud-police-rows.csv")).map_err(io)?;
    let result = async {
        import_file(db, &kent, "Kent Police", None, "demo").await?;
        import_file(db, &ccs, "ccs", None, "demo").await?;
        import_file(db, &gcloud, "ccs", None, "demo").await?;
        crate::spend::service::generate::generate_lines(db, DEMO_LINES, DEMO_YEARS).await?;
        Ok(())
    }
    .await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}
