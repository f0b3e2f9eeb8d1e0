//! `bluelamp bench spend`: the spend dashboards at national scale. A fresh database gets the
//! demo and `--lines` generated payments (43 forces, ten financial years); then it prints
//! the dashboard's p50/p95 from the rollups (national and a force's), the same national
//! figures computed by GROUP BY over the raw payments beside it, rule changes' preview times
//! and the times to save them (the payments they move reclassified, the rollups kept in
//! step), one of them moving every generated payment, and whether the rollups still equal
//! the payments, to the penny. Figures are printed, never asserted.

use crate::cli::CliError;
use app::audit::key::AuditKey;
use app::db::{is_postgres, Db};
use app::spend::service::classification::{self, RuleChange, RuleForm};
use app::spend::service::dashboard::{self, Filter};
use sea_orm::{ConnectionTrait, Statement};
use std::path::Path;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    ms(sorted[i.min(sorted.len() - 1)])
}

async fn viewer(db: &Db, email: &str) -> Result<app::access::Viewer, CliError> {
    let row = db
        .conn
        .query_one_raw(Statement::from_sql_and_values(
            db.conn.get_database_backend(),
            if is_postgres(&db.conn) {
                "SELECT id FROM app_user WHERE email = $1"
            } else {
                "SELECT id FROM app_user WHERE email = ?"
            },
            [email.into()],
        ))
        .await?
        .ok_or_else(|| CliError::Usage(format!("no demo user {email}")))?;
    let id: i32 = row.try_get_by_index(0)?;
    app::identity::service::load_viewer(db, id)
        .await?
        .ok_or_else(|| CliError::Usage(format!("no viewer for {email}")))
}

/// The national yearly figures the dashboard shows, computed from the payments themselves.
async fn raw_group_by(db: &Db) -> Result<usize, CliError> {
    let year = if is_postgres(&db.conn) {
        "CAST(EXTRACT(YEAR FROM p.paid_on - INTERVAL '3 months') AS INTEGER)"
    } else {
        "CAST(strftime('%Y', p.paid_on, '-3 months') AS INTEGER)"
    };
    let rows = db
        .conn
        .query_all_raw(Statement::from_string(
            db.conn.get_database_backend(),
            format!(
                "SELECT {year} AS y, COALESCE(o.class, k.class), SUM(p.amount_pence) \
                 FROM spend_payment p JOIN spend_import i ON i.id = p.import_id \
                 JOIN spend_kind k ON k.id = p.kind_id \
                 LEFT JOIN spend_override o ON o.id = p.override_id \
                 WHERE i.state = 'done' AND p.force_id IS NOT NULL GROUP BY 1, 2"
            ),
        ))
        .await?;
    Ok(rows.len())
}

async fn timed_rounds<F, Fut>(rounds: usize, mut f: F) -> Result<Vec<Duration>, CliError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), CliError>>,
{
    // One round to warm the caches.
    f().await?;
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        f().await?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok(times)
}

/// Previews and saves `change`, printing both times; returns the rule saved.
async fn measure(
    db: &Db,
    national: &app::access::Viewer,
    what: &str,
    change: RuleChange,
) -> Result<Option<i32>, CliError> {
    let t = Instant::now();
    let preview = classification::preview(db, Some(national), &change)
        .await
        .map_err(CliError::from_service)?;
    let previewed = t.elapsed();
    let t = Instant::now();
    let applied = classification::save(db, Some(national), change)
        .await
        .map_err(CliError::from_service)?;
    let saved = t.elapsed();
    println!(
        "  {what}: preview {:.0} ms ({} payments move class, legacy {}); saved and reclassified in {:.1} s ({} payments' kinds moved)",
        ms(previewed),
        preview.lines_moved(),
        preview.legacy_change(),
        saved.as_secs_f64(),
        applied.payments_moved
    );
    Ok(applied.rule_id)
}

pub async fn run_on(
    label: &str,
    url: &str,
    dir: &Path,
    lines: Option<u64>,
    rounds: usize,
) -> Result<(), CliError> {
    let db = Db::connect(url, AuditKey::load(None, &dir.join("bench-audit.key"))?).await?;
    db.migrate().await?;
    match lines {
        Some(lines) => {
            let started = Instant::now();
            app::seed::demo(&db).await?;
            let seeded = started.elapsed();
            let generating = Instant::now();
            let written = app::spend::service::generate::generate_lines(&db, lines, 10)
                .await
                .map_err(CliError::from_service)?;
            let generated = generating.elapsed();
            if is_postgres(&db.conn) {
                db.conn.execute_unprepared("ANALYZE").await?;
            }
            println!(
                "{label}: demo seeded in {:.1} s; {written} generated payments written, classified and rolled up in {:.1} s ({:.0} payments/s)",
                seeded.as_secs_f64(),
                generated.as_secs_f64(),
                written as f64 / generated.as_secs_f64().max(0.001)
            );
        }
        None => {
            let row = db
                .conn
                .query_one_raw(Statement::from_string(
                    db.conn.get_database_backend(),
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM spend_payment",
                ))
                .await?;
            let payments: i64 = match row {
                Some(r) => r.try_get_by_index(0)?,
                None => 0,
            };
            println!("{label}: the database of an earlier run, {payments} payments");
        }
    }
    let national = viewer(&db, "admin@npto.example").await?;
    let force = viewer(&db, "buyer@kent.police.uk").await?;

    let national_times = timed_rounds(rounds, || async {
        dashboard::dashboard(&db, Some(&national), Filter::default())
            .await
            .map_err(CliError::from_service)?;
        Ok(())
    })
    .await?;
    let force_times = timed_rounds(rounds, || async {
        dashboard::dashboard(&db, Some(&force), Filter::default())
            .await
            .map_err(CliError::from_service)?;
        Ok(())
    })
    .await?;
    let raw_rounds = 3;
    let raw_times = timed_rounds(raw_rounds, || async {
        raw_group_by(&db).await?;
        Ok(())
    })
    .await?;
    println!("  {:<52} {:>8} {:>8}", "", "p50 ms", "p95 ms");
    println!(
        "  {:<52} {:>8.1} {:>8.1}",
        format!("national dashboard from the rollups ({rounds} rounds)"),
        percentile(&national_times, 0.5),
        percentile(&national_times, 0.95)
    );
    println!(
        "  {:<52} {:>8.1} {:>8.1}",
        format!("a force's dashboard from the rollups ({rounds} rounds)"),
        percentile(&force_times, 0.5),
        percentile(&force_times, 0.95)
    );
    println!(
        "  {:<52} {:>8.1} {:>8.1}",
        format!("its yearly figures by GROUP BY over the payments ({raw_rounds})"),
        percentile(&raw_times, 0.5),
        percentile(&raw_times, 0.95)
    );

    // Rule changes: a narrow one (the ICT general ledger's managed service charges are
    // legacy); one before every rule that takes every generated payment (their ledger codes
    // all start with 4), so every one of them moves; and its removal, which gives
    // them all back to the rules they had.
    let narrow = RuleChange::Save {
        id: None,
        form: Box::new(RuleForm {
            name: "Managed service charges".into(),
            class: "legacy".into(),
            description_words: "managed service".into(),
            position: "1".into(),
            ..RuleForm::default()
        }),
    };
    measure(&db, &national, "a narrow rule added", narrow).await?;
    let broad = RuleChange::Save {
        id: None,
        form: Box::new(RuleForm {
            name: "Every ledger code from 4".into(),
            class: "legacy".into(),
            expense_type: "4".into(),
            position: "1".into(),
            ..RuleForm::default()
        }),
    };
    let id = measure(
        &db,
        &national,
        "a rule taking every generated payment",
        broad,
    )
    .await?;
    if let Some(id) = id {
        measure(
            &db,
            &national,
            "that rule removed",
            RuleChange::Remove { id },
        )
        .await?;
    }
    let t = Instant::now();
    let differences = app::spend::service::rollup::check(&db.conn).await?;
    let checked = t.elapsed();
    println!(
        "  rollups and kinds against the payments after them: {} ({:.1} s to recompute and compare)",
        if differences.is_empty() {
            "equal, to the penny".to_string()
        } else {
            format!(
                "{} differences: {:?}",
                differences.len(),
                &differences[..differences.len().min(3)]
            )
        },
        checked.as_secs_f64()
    );
    let _ = db.conn.close().await;
    Ok(())
}
