//! Catalogue search: one row a published service (`service_search`), its words indexed for
//! full text (FTS5 on SQLite, a weighted `tsvector` with GIN on PostgreSQL), and its filter
//! values as rows (`service_facet`), so a search takes the matching ids first and filters and
//! counts over that set alone.
//!
//! The words are prepared in Rust (`catalogue::search::text`): names as written, descriptive
//! text as English stems; both databases index them as plain words, so they match alike.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COMMON: &[&str] = &[
    // `names`: the service's and supplier's words; `text`: the stems of the summary,
    // features, benefits and categories. `id_hash`: SHA-256 of the service id in hex, the
    // neutral order of equal scores (as the Digital Marketplace's).
    "CREATE TABLE service_search (
        service_id integer NOT NULL PRIMARY KEY REFERENCES service (id),
        version_id integer NOT NULL REFERENCES service_version (id),
        framework_id integer NOT NULL,
        lot_id integer NOT NULL,
        supplier_id integer NOT NULL,
        price_min_pence bigint NULL,
        id_hash varchar(64) NOT NULL,
        names text NOT NULL,
        text text NOT NULL
    )",
    "CREATE INDEX idx_service_search_order ON service_search (id_hash)",
    "CREATE INDEX idx_service_search_price ON service_search (price_min_pence)",
    // Every filter value a service holds, its \"at least\" values included (SC clearance also
    // holds BPSS; a category also its parents).
    "CREATE TABLE service_facet (
        facet varchar(32) NOT NULL,
        value varchar(64) NOT NULL,
        service_id integer NOT NULL REFERENCES service (id),
        PRIMARY KEY (facet, value, service_id)
    )",
    // A service's values of one filter, for counting over a matching set: without the facet in
    // it SQLite looks each service up by facet alone (all of that facet's rows, per service).
    "CREATE INDEX idx_service_facet_service ON service_facet (service_id, facet, value)",
    // The words published services have used (as written, with their stems), for spelling
    // suggestions when a search finds nothing. It only grows: a suggestion is offered only
    // when the corrected search finds something.
    "CREATE TABLE search_word (
        word varchar(64) NOT NULL PRIMARY KEY,
        stem varchar(64) NOT NULL,
        services integer NOT NULL
    )",
    "CREATE INDEX idx_search_word_stem ON search_word (stem)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in COMMON {
            db.execute_unprepared(sql).await?;
        }
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE service_search ADD COLUMN document tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('simple'::regconfig, names), 'A') ||
                        setweight(to_tsvector('simple'::regconfig, text), 'B')) STORED",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX idx_service_search_document ON service_search USING GIN (document)",
                )
                .await?;
            }
            _ => {
                // Contentless: the words are kept in service_search; FTS5 holds the index.
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE service_fts USING fts5(names, text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            db.execute_unprepared("DROP TABLE IF EXISTS service_fts")
                .await?;
        }
        db.execute_unprepared("DROP TABLE IF EXISTS search_word")
            .await?;
        db.execute_unprepared("DROP TABLE IF EXISTS service_facet")
            .await?;
        db.execute_unprepared("DROP TABLE IF EXISTS service_search")
            .await?;
        Ok(())
    }
}
