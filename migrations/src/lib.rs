//! Schema migrations, run at start-up. A migration that has landed is never edited:
//! add a new file for every change.

pub use sea_orm_migration::prelude::*;

// A landed migration is never edited, not even for a lint added after it landed.
#[allow(elided_lifetimes_in_paths)]
mod m20261124_000001_foundation;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261124_000001_foundation::Migration)]
    }
}
