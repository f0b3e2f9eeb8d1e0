//! Reference data (loaded at every start) and demo data (`--demo`) for every area, in the
//! order the areas depend on each other. An area registers its seeding with one line in each
//! function; each area's own seeding is idempotent.

use crate::db::Db;
use crate::error::ServiceResult;
use crate::identity;

pub use identity::seed::{DemoAccount, DEMO_PASSWORD};

/// Data every deployment needs: the 43 forces and the national body.
pub async fn reference(db: &Db) -> ServiceResult<()> {
    identity::seed::seed_reference(db).await?;
    crate::catalogue::seed::seed_reference(db).await?;
    Ok(())
}

/// Demo organisations, people and records; returns the accounts to print.
pub async fn demo(db: &Db) -> ServiceResult<Vec<DemoAccount>> {
    let accounts = identity::seed::seed_demo(db).await?;
    crate::catalogue::seed::seed_demo(db).await?;
    crate::spend::seed::seed_demo(db).await?;
    crate::procurement::seed::seed_demo(db).await?;
    Ok(accounts)
}
