//! Schema migrations, run at start-up. A migration that has landed is never edited:
//! add a new file for every change.

pub use sea_orm_migration::prelude::*;

// `async_trait` needs `SchemaManager`'s lifetime elided (writing `<'_>` makes the impl's
// lifetimes differ from the trait's), so migrations allow that one idiom lint.
#[allow(elided_lifetimes_in_paths)]
mod m20261124_000001_foundation;
#[allow(elided_lifetimes_in_paths)]
mod m20261125_000001_user_disabled_by_national;
#[allow(elided_lifetimes_in_paths)]
mod m20261125_000002_audit_append_only;
#[allow(elided_lifetimes_in_paths)]
mod m20261125_000003_mail_outbox;
#[allow(elided_lifetimes_in_paths)]
mod m20261125_000004_mfa;
#[allow(elided_lifetimes_in_paths)]
mod m20261201_000001_catalogue;
#[allow(elided_lifetimes_in_paths)]
mod m20261202_000001_spend_imports;
#[allow(elided_lifetimes_in_paths)]
mod m20261202_000002_spend_systems;
#[allow(elided_lifetimes_in_paths)]
mod m20261203_000001_catalogue_search;
#[allow(elided_lifetimes_in_paths)]
mod m20261204_000001_catalogue_projects;
#[allow(elided_lifetimes_in_paths)]
mod m20261205_000001_procurement;
#[allow(elided_lifetimes_in_paths)]
mod m20261206_000001_evaluation;
#[allow(elided_lifetimes_in_paths)]
mod m20261207_000001_spend_classification;
#[allow(elided_lifetimes_in_paths)]
mod m20261208_000001_spend_kinds;
#[allow(elided_lifetimes_in_paths)]
mod m20261209_000001_spend_rule_links;
#[allow(elided_lifetimes_in_paths)]
mod m20261210_000001_spend_kind_months;
#[allow(elided_lifetimes_in_paths)]
mod m20261211_000001_spend_rollup_years;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_foundation::Migration),
            Box::new(m20261125_000001_user_disabled_by_national::Migration),
            Box::new(m20261125_000002_audit_append_only::Migration),
            Box::new(m20261125_000003_mail_outbox::Migration),
            Box::new(m20261125_000004_mfa::Migration),
            Box::new(m20261201_000001_catalogue::Migration),
            Box::new(m20261202_000001_spend_imports::Migration),
            Box::new(m20261202_000002_spend_systems::Migration),
            Box::new(m20261203_000001_catalogue_search::Migration),
            Box::new(m20261204_000001_catalogue_projects::Migration),
            Box::new(m20261205_000001_procurement::Migration),
            Box::new(m20261206_000001_evaluation::Migration),
            Box::new(m20261207_000001_spend_classification::Migration),
            Box::new(m20261208_000001_spend_kinds::Migration),
            Box::new(m20261209_000001_spend_rule_links::Migration),
            Box::new(m20261210_000001_spend_kind_months::Migration),
            Box::new(m20261211_000001_spend_rollup_years::Migration),
        ]
    }
}
