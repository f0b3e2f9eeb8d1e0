//! `bluelamp bench import`: the spend import's speed on SQLite and PostgreSQL, beside the
//! floor of loading the same file into a bare table with `sqlite3 .import` and `psql \copy`
//! (no parsing of amounts or dates, no de-duplication, no matching), and this process's peak
//! memory. A second reference is each database writing the very rows the import wrote into an
//! empty payments table with the same indexes: what the write alone costs. Figures are printed, never asserted: a benchmark, not a test.

use crate::cli::CliError;
use app::audit::key::AuditKey;
use app::db::Db;
use app::money::Money;
use app::spend::entity::spend_import;
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Import a generated force file of --rows rows into a fresh SQLite database (and, with
    /// --postgres-url, a fresh PostgreSQL database made beside the one named), with the
    /// sqlite3 and psql floors
    Import {
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        /// A PostgreSQL server to also run on: a database is created there for the run and
        /// dropped after it (the user needs CREATEDB)
        #[arg(long, env = "BENCH_POSTGRES_URL")]
        postgres_url: Option<String>,
        /// Where the file and the SQLite databases go (a temporary folder if unset)
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Catalogue search at scale: a fresh SQLite database (and, with --postgres-url, a fresh
    /// PostgreSQL one) with the demo and --services generated services, then a fixed mix of
    /// searches, each --rounds times, with p50/p95/p99 server time and the database's size
    Search {
        #[arg(long, default_value_t = 100_000)]
        services: u64,
        #[arg(long, default_value_t = 50)]
        rounds: usize,
        /// A PostgreSQL server to also run on (a database is created for the run and dropped)
        #[arg(long, env = "BENCH_POSTGRES_URL")]
        postgres_url: Option<String>,
        /// Where the SQLite database goes (a temporary folder if unset)
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// The spend dashboards at national scale: a fresh SQLite database (and, with
    /// --postgres-url, a fresh PostgreSQL one) with the demo and --lines generated payments;
    /// dashboard p50/p95 from the rollups beside GROUP BY over the payments, a rule change's
    /// preview and reclassification times, and the rollups checked against the payments
    Spend {
        #[arg(long, default_value_t = 10_000_000)]
        lines: u64,
        #[arg(long, default_value_t = 50)]
        rounds: usize,
        /// A PostgreSQL server to also run on (a database is created for the run and dropped)
        #[arg(long, env = "BENCH_POSTGRES_URL")]
        postgres_url: Option<String>,
        /// Only PostgreSQL: skip the SQLite run (half the time, when only its figures are
        /// wanted)
        #[arg(long, requires = "postgres_url")]
        postgres_only: bool,
        /// Keep the SQLite database in --dir, and time again on the one an earlier run with
        /// --reuse left there (migrated, not generated again): ten minutes saved a run when
        /// only the reading side changed
        #[arg(long, requires = "dir", conflicts_with = "postgres_only")]
        reuse: bool,
        /// Where the SQLite database goes (a temporary folder if unset)
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

/// Writes a generated force file; answers its total in pence.
pub fn write_spend_file(path: &Path, rows: u64) -> Result<i64, CliError> {
    let file_error = |source| CliError::File {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(file_error)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let total =
        app::spend::demo::write_force_file(&mut out, "Kent Police", rows).map_err(file_error)?;
    std::io::Write::flush(&mut out).map_err(file_error)?;
    Ok(total)
}

/// The import's report, for the command line.
pub fn print_report(i: &spend_import::Model, took: Duration) {
    println!("Import {} of {}: {}", i.id, i.file_name, i.state.label());
    if let Some(e) = &i.error {
        println!("  {e}");
    }
    println!("  rows read         {:>12}", i.rows_read);
    println!(
        "  imported          {:>12}  {}",
        i.rows_imported,
        Money::from_pence(i.pence_imported)
    );
    println!(
        "  duplicates        {:>12}  {}",
        i.rows_duplicate,
        Money::from_pence(i.pence_duplicate)
    );
    println!(
        "  rejected          {:>12}  {}",
        i.rows_rejected,
        Money::from_pence(i.pence_rejected)
    );
    if i.rows_blank > 0 {
        println!("  blank rows        {:>12}", i.rows_blank);
    }
    if let Some(t) = i.file_total_pence {
        println!("  the file's total  {:>12}  {}", "", Money::from_pence(t));
    }
    println!(
        "  took {:.2} s ({:.0} rows/s)",
        took.as_secs_f64(),
        i.rows_read as f64 / took.as_secs_f64().max(0.001)
    );
}

/// This process's peak resident memory in MB (VmHWM), where /proc says it.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn timed(what: &str, cmd: &mut Command) -> Result<Duration, CliError> {
    let started = Instant::now();
    let out = cmd
        .output()
        .map_err(|e| CliError::Usage(format!("{what} could not be run ({e}): is it installed?")))?;
    if !out.status.success() {
        return Err(CliError::Usage(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(started.elapsed())
}

fn line(label: &str, rows: u64, took: Duration, floor: Option<Duration>) {
    let rate = rows as f64 / took.as_secs_f64().max(0.000_001);
    let share = floor
        .map(|f| {
            format!(
                "  ({:.0}% of the floor's speed)",
                100.0 * f.as_secs_f64() / took.as_secs_f64().max(0.000_001)
            )
        })
        .unwrap_or_default();
    println!(
        "  {label:<34} {:>8.2} s {:>12.0} rows/s{share}",
        took.as_secs_f64(),
        rate
    );
}

async fn ours(
    url: &str,
    dir: &Path,
    file: &Path,
) -> Result<(Duration, spend_import::Model), CliError> {
    let key = AuditKey::load(None, &dir.join("bench-audit.key"))?;
    let db = Db::connect(url, key).await?;
    db.migrate().await?;
    app::seed::reference(&db).await?;
    let started = Instant::now();
    let import = app::spend::service::import_file(&db, file, "Kent Police", None, "bench")
        .await
        .map_err(CliError::from_service)?;
    let took = started.elapsed();
    // Closed now, so that PostgreSQL's database can be dropped.
    let _ = db.conn.close().await;
    Ok((took, import))
}

/// The database's own cost of writing the payments the import wrote, in one go, into an empty
/// `spend_payment` with the same indexes (the unique fingerprint, the import, the force and
/// day, the force and amount, the payee spelling, the kind, the overrides): the part of the import no parser can save. SQLite copies them from
/// the imported database in one statement (`INSERT .. SELECT`, no parsing at all).
fn sqlite_same_table(dir: &Path, imported: &Path) -> Result<Duration, CliError> {
    let target = dir.join("same-table.db");
    let _ = std::fs::remove_file(&target);
    let schema = Command::new("sqlite3")
        .arg(imported)
        .arg("SELECT sql || ';' FROM sqlite_master WHERE tbl_name = 'spend_payment' AND sql IS NOT NULL ORDER BY type DESC")
        .output()
        .map_err(|e| CliError::Usage(format!("sqlite3 could not be run ({e})")))?;
    let schema = String::from_utf8_lossy(&schema.stdout).into_owned();
    timed(
        "sqlite3",
        // The pragmas the application sets on its own connections (`db.rs`).
        Command::new("sqlite3").arg(&target).args([
            "-cmd",
            "PRAGMA journal_mode = WAL",
            "-cmd",
            "PRAGMA synchronous = NORMAL",
            "-cmd",
            "PRAGMA cache_size = -65536",
            "-cmd",
            &schema,
            "-cmd",
            &format!("ATTACH '{}' AS src", imported.display()),
            "INSERT INTO main.spend_payment SELECT * FROM src.spend_payment ORDER BY id",
        ]),
    )
}

/// psql on `url`, stopping at the first error, quietly.
fn psql(url: &str) -> Command {
    let mut c = Command::new("psql");
    c.arg(url).args(["-v", "ON_ERROR_STOP=1", "-q"]);
    c
}

/// PostgreSQL's bulk loader, `psql \copy`, writing the payments the import wrote into an empty
/// copy of `spend_payment` with the same indexes (`LIKE .. INCLUDING ALL`).
fn postgres_same_table(url: &str, dir: &Path) -> Result<Duration, CliError> {
    let file = dir.join("same-table.csv");
    timed(
        "psql",
        psql(url).args([
            "-c",
            "CREATE TABLE same_table (LIKE spend_payment INCLUDING ALL)",
            "-c",
            &format!(
                "\\copy spend_payment TO '{}' WITH (FORMAT csv)",
                file.display()
            ),
        ]),
    )?;
    let took = timed(
        "psql",
        psql(url).args([
            "-c",
            &format!(
                "\\copy same_table FROM '{}' WITH (FORMAT csv)",
                file.display()
            ),
        ]),
    );
    let _ = std::fs::remove_file(&file);
    took
}

/// The URL of another database on the same PostgreSQL server.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let cut = base.rfind('/').unwrap_or(base.len());
    format!("{}/{name}{query}", &base[..cut])
}

fn bench_dir(dir: Option<PathBuf>) -> Result<PathBuf, CliError> {
    let dir = dir.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("bluelamp-bench-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir).map_err(|source| CliError::File {
        path: dir.clone(),
        source,
    })?;
    Ok(dir)
}

/// Drops a database made for a run. Autovacuum may be busy with a new table, and its worker
/// (not ours to end) holds the database until it finishes: try again for a while.
async fn drop_database(admin: &Db, name: &str) {
    use sea_orm::ConnectionTrait;
    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    let mut tries = 0;
    while let Err(e) = admin.conn.execute_unprepared(&drop).await {
        tries += 1;
        if tries == 30 {
            eprintln!("the database {name} could not be dropped: {e}");
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

pub async fn run(command: BenchCommand) -> Result<(), CliError> {
    let (rows, postgres_url, dir) = match command {
        BenchCommand::Import {
            rows,
            postgres_url,
            dir,
        } => (rows, postgres_url, dir),
        BenchCommand::Search {
            services,
            rounds,
            postgres_url,
            dir,
        } => return search(services, rounds, postgres_url, dir).await,
        BenchCommand::Spend {
            lines,
            rounds,
            postgres_url,
            postgres_only,
            reuse,
            dir,
        } => return spend(lines, rounds, postgres_url, postgres_only, reuse, dir).await,
    };
    let dir = bench_dir(dir)?;
    let file = dir.join(format!("spend-{rows}.csv"));
    let started = Instant::now();
    let total = write_spend_file(&file, rows)?;
    let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "A force spend file of {rows} rows, {:.1} MB, {} in all (written in {:.1} s).",
        bytes as f64 / 1e6,
        Money::from_pence(total),
        started.elapsed().as_secs_f64()
    );

    // SQLite: the floor, then ours.
    let floor_db = dir.join("floor.db");
    let _ = std::fs::remove_file(&floor_db);
    let sqlite_floor = timed(
        "sqlite3",
        Command::new("sqlite3").arg(&floor_db).args([
            "-cmd",
            ".mode csv",
            &format!(".import '{}' bare", file.display()),
            "SELECT 1",
        ]),
    )?;
    let ours_db = dir.join("bench.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", ours_db.display()));
    }
    let (sqlite_took, sqlite_import) =
        ours(&format!("sqlite://{}", ours_db.display()), &dir, &file).await?;
    let sqlite_peak = peak_mb();
    let sqlite_same = sqlite_same_table(&dir, &ours_db)?;
    println!("SQLite:");
    line("sqlite3 .import (floor)", rows, sqlite_floor, None);
    line(
        "sqlite3, same rows into same table",
        rows,
        sqlite_same,
        Some(sqlite_floor),
    );
    line("bluelamp import", rows, sqlite_took, Some(sqlite_floor));
    check(&sqlite_import, rows, total);

    if let Some(url) = postgres_url {
        let name = format!("bluelamp_bench_{}", std::process::id());
        let admin = Db::connect(&url, AuditKey::load(None, &dir.join("bench-audit.key"))?).await?;
        use sea_orm::ConnectionTrait;
        admin
            .conn
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        let bench_url = with_database(&url, &name);
        let result = async {
            let copy = format!(
                "CREATE TABLE bare (body text, area text, expense text, paid text, tx text, amount text, supplier text, description text); \\copy bare FROM '{}' WITH (FORMAT csv, HEADER true)",
                file.display()
            );
            let floor = timed(
                "psql",
                psql(&bench_url)
                    .arg("-c")
                    .arg(copy.split("; ").next().unwrap_or_default())
                    .arg("-c")
                    .arg(copy.split("; ").nth(1).unwrap_or_default()),
            )?;
            let (took, import) = ours(&bench_url, &dir, &file).await?;
            let same = postgres_same_table(&bench_url, &dir)?;
            Ok::<_, CliError>((floor, took, import, same))
        }
        .await;
        if let Ok((floor, took, import, same)) = &result {
            println!("PostgreSQL:");
            line("psql \\copy (floor)", rows, *floor, None);
            line(
                "psql \\copy, same rows, same table",
                rows,
                *same,
                Some(*floor),
            );
            line("bluelamp import", rows, *took, Some(*floor));
            check(import, rows, total);
        }
        drop_database(&admin, &name).await;
        result?;
    }
    println!(
        "Peak memory of this process: {} MB after the SQLite import, {} MB at the end.",
        sqlite_peak.map(|m| format!("{m:.0}")).unwrap_or("?".into()),
        peak_mb().map(|m| format!("{m:.0}")).unwrap_or("?".into())
    );
    Ok(())
}

async fn search(
    services: u64,
    rounds: usize,
    postgres_url: Option<String>,
    dir: Option<PathBuf>,
) -> Result<(), CliError> {
    let dir = bench_dir(dir)?;
    let file = dir.join(format!("search-{services}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    crate::bench_search::run_on(
        "SQLite",
        &format!("sqlite://{}", file.display()),
        &dir,
        services,
        rounds,
        Some(&file),
    )
    .await?;
    if let Some(url) = postgres_url {
        let name = format!("bluelamp_bench_search_{}", std::process::id());
        let admin = Db::connect(&url, AuditKey::load(None, &dir.join("bench-audit.key"))?).await?;
        use sea_orm::ConnectionTrait;
        admin
            .conn
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        let result = crate::bench_search::run_on(
            "PostgreSQL",
            &with_database(&url, &name),
            &dir,
            services,
            rounds,
            None,
        )
        .await;
        drop_database(&admin, &name).await;
        result?;
    }
    println!(
        "Peak memory of this process: {} MB.",
        peak_mb().map(|m| format!("{m:.0}")).unwrap_or("?".into())
    );
    Ok(())
}

async fn spend(
    lines: u64,
    rounds: usize,
    postgres_url: Option<String>,
    postgres_only: bool,
    reuse: bool,
    dir: Option<PathBuf>,
) -> Result<(), CliError> {
    let dir = bench_dir(dir)?;
    if !postgres_only {
        let file = dir.join(format!("spend-{lines}.db"));
        let reused = reuse && file.exists();
        if !reused {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
        crate::bench_spend::run_on(
            "SQLite",
            &format!("sqlite://{}?mode=rwc", file.display()),
            &dir,
            (!reused).then_some(lines),
            rounds,
        )
        .await?;
        if !reuse {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
    }
    if let Some(url) = postgres_url {
        let name = format!("bluelamp_bench_spend_{}", std::process::id());
        let admin = Db::connect(&url, AuditKey::load(None, &dir.join("bench-audit.key"))?).await?;
        use sea_orm::ConnectionTrait;
        admin
            .conn
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        let result = crate::bench_spend::run_on(
            "PostgreSQL",
            &with_database(&url, &name),
            &dir,
            Some(lines),
            rounds,
        )
        .await;
        drop_database(&admin, &name).await;
        result?;
    }
    println!(
        "Peak memory of this process: {} MB.",
        peak_mb().map(|m| format!("{m:.0}")).unwrap_or("?".into())
    );
    Ok(())
}

/// Says whether the import took every row and every penny.
fn check(i: &spend_import::Model, rows: u64, total: i64) {
    let exact = i.rows_imported as u64 == rows && i.pence_imported == total;
    println!(
        "  {} rows imported, {} duplicates, {} rejected; {} imported of {} in the file{}",
        i.rows_imported,
        i.rows_duplicate,
        i.rows_rejected,
        Money::from_pence(i.pence_imported),
        Money::from_pence(total),
        if exact { ": exact" } else { ": NOT EXACT" }
    );
}
