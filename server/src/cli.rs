//! Command line and configuration: environment variables, overridden by flags.

use app::audit::checkpoint::{self, CheckpointError};
use app::audit::key::{AuditKey, AuditKeyError};
use app::audit::service::{verify, VerifyReport};
use app::db::Db;
use app::seed;
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[derive(Parser, Debug)]
#[command(
    name = "bluelamp",
    version,
    about = "Technology procurement for police forces"
)]
pub struct Cli {
    /// Database: sqlite://path or postgres://user:password@host/db
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://data/bluelamp.db"
    )]
    pub database_url: String,
    /// The audit key file, created (mode 0600) on first start unless BLUELAMP_AUDIT_KEY holds
    /// the key. Back it up apart from the database.
    #[arg(
        long,
        global = true,
        env = "BLUELAMP_AUDIT_KEY_FILE",
        default_value = "data/audit.key"
    )]
    pub audit_key_file: std::path::PathBuf,
    /// Log level or filter (error, warn, info, debug, or a tracing filter)
    #[arg(long, global = true, env = "BLUELAMP_LOG", default_value = "info")]
    pub log_level: String,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (the default)
    Serve(ServeArgs),
    /// Apply database migrations and exit
    Migrate,
    /// Load reference data (forces, national body); with --demo, demo organisations and users
    Seed {
        #[arg(long)]
        demo: bool,
        /// The public address: demo data is refused when it is https
        #[arg(long, env = "BLUELAMP_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Add N generated services to the demo catalogue (seeding the demo first if needed), for
    /// trying search and review at scale; prints the time taken and the database's size
    Generate {
        /// Services to add to the demo catalogue
        #[arg(long)]
        services: Option<u64>,
        /// Instead: write a realistic force spend file (CSV) of this many rows, to --output
        #[arg(long, value_name = "ROWS", requires = "output")]
        spend_file: Option<u64>,
        /// Where --spend-file writes
        #[arg(long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// Instead: add this many published shared procurements (led by the forces in turn)
        #[arg(long, value_name = "N")]
        procurements: Option<usize>,
        /// Instead: add this many generated spend payments (43 forces, ten financial years,
        /// classified by the rules in force, the dashboards' rollups rebuilt)
        #[arg(long, value_name = "N")]
        spend_lines: Option<u64>,
        /// With --procurements: submitted bids on each
        #[arg(long, value_name = "N", default_value_t = 20)]
        bids_each: usize,
        /// The public address: demo data is refused when it is https
        #[arg(long, env = "BLUELAMP_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// On an empty database, create the national body's first administrator and print (and,
    /// with SMTP configured, email) a one-time link to set their password
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Where the link points, e.g. https://bluelamp.example
        #[arg(
            long,
            env = "BLUELAMP_PUBLIC_URL",
            default_value = "http://127.0.0.1:3000"
        )]
        public_url: String,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Import a file: `import spend FILE --publisher "Kent Police"` (or `--publisher ccs`)
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Benchmarks that print figures: `bench import --rows 1000000`
    Bench {
        #[command(subcommand)]
        command: crate::bench::BenchCommand,
    },
    /// The audit log
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Load tests against a running server that share its database:
    /// `stress bids --suppliers 200 --url http://127.0.0.1:3000`
    Stress {
        #[command(subcommand)]
        command: StressCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum StressCommand {
    /// Suppliers submitting and revising bids over HTTP in the last moments before a bid
    /// deadline; prints what was accepted, refused as late, and kept
    Bids(crate::stress::StressBidsArgs),
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// A spend file (CSV), imported as the pages import it; prints its report
    Spend {
        file: std::path::PathBuf,
        /// A force's name, or ccs for the Crown Commercial Service
        #[arg(long)]
        publisher: String,
        /// The file's encoding (utf-8, windows-1252, iso-8859-1, macintosh); detected if unset
        #[arg(long)]
        encoding: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the chain and name the first broken event; with --checkpoint, also that the log
    /// still holds every event each checkpoint in the file counted
    Verify {
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<std::path::PathBuf>,
    },
    /// Print a signed line (event count, last hash, time) to keep away from the database;
    /// with --output, append it to that file
    Checkpoint {
        #[arg(long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
}

#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, env = "BLUELAMP_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,
    /// Seed demo data if missing and print the demo accounts
    #[arg(long, env = "BLUELAMP_DEMO")]
    pub demo: bool,
    /// Where the built site (pkg/ with CSS, JS and wasm) is
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Public address, e.g. https://bluelamp.example: sets Secure cookies and HSTS when https
    #[arg(long, env = "BLUELAMP_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Take client addresses from X-Forwarded-For (only behind a trusted proxy)
    #[arg(long, env = "BLUELAMP_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    #[command(flatten)]
    pub mail: MailArgs,
    /// Posts a minute one network may make, signed out, to sign-in, registration, invitation
    /// and confirmation forms (each costs a password hash or a mail)
    #[arg(
        long,
        env = "BLUELAMP_ANONYMOUS_POSTS_PER_MINUTE",
        default_value_t = 30
    )]
    pub anonymous_posts_per_minute: u32,
}

/// Outgoing mail. Without an SMTP address, mail waits in the outbox (and, in demo mode, is
/// shown at /dev/mailbox).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct MailArgs {
    /// SMTP server, e.g. smtp://user:password@mail.example:587?tls=required
    #[arg(long, env = "BLUELAMP_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The From address of every message
    #[arg(
        long,
        env = "BLUELAMP_MAIL_FROM",
        default_value = "Bluelamp <no-reply@bluelamp.localhost>"
    )]
    pub mail_from: String,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            bind: std::net::SocketAddr::from(([127, 0, 0, 1], 3000)),
            demo: false,
            site_root: "target/site".into(),
            public_url: None,
            trust_forwarded_for: false,
            mail: MailArgs::default(),
            anonymous_posts_per_minute: 30,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Db(#[from] app::db::DbSetupError),
    #[error("{0}")]
    Service(#[from] app::error::ServiceError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Serve(std::io::Error),
    #[error("audit chain broken at event {event_id}: {reason}")]
    AuditBroken { event_id: i64, reason: String },
    #[error("database error: {0}")]
    Query(#[from] sea_orm::DbErr),
    #[error(transparent)]
    AuditKey(#[from] AuditKeyError),
    #[error(transparent)]
    Mail(#[from] app::mail::sender::MailSetupError),
    #[error("{0}")]
    Checkpoint(#[from] CheckpointError),
    #[error("--demo seeds accounts whose password is published: it refuses to run when the public URL ({0}) is https")]
    DemoOverHttps(String),
    #[error("{0}")]
    Usage(String),
    #[error("cannot read or write {path}: {source}")]
    File {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

impl CliError {
    /// A service's refusal as its messages, not "invalid input".
    pub fn from_service(e: app::error::ServiceError) -> CliError {
        match e {
            app::error::ServiceError::Invalid(fields) => CliError::Usage(
                fields
                    .0
                    .iter()
                    .map(|f| f.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            other => CliError::Service(other),
        }
    }
}

fn init_logging(level: &str) {
    let filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // JSON for log collectors; readable lines on a terminal.
    if std::io::stderr().is_terminal() {
        builder.init();
    } else {
        builder.json().init();
    }
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.log_level);
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bluelamp: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Connects, migrates and loads the reference data every command needs.
pub async fn open(database_url: &str, audit_key_file: &std::path::Path) -> Result<Db, CliError> {
    let env_key = std::env::var("BLUELAMP_AUDIT_KEY").ok();
    let key = AuditKey::load(env_key.as_deref(), audit_key_file)?;
    let db = Db::connect(database_url, key).await?;
    db.migrate().await?;
    seed::reference(&db).await?;
    Ok(db)
}

fn print_demo_accounts(accounts: &[seed::DemoAccount]) {
    println!("Demo accounts (password for all: {}):", seed::DEMO_PASSWORD);
    for a in accounts {
        println!("  {:<42} {:<26} {}", a.email, a.role, a.organisation);
    }
}

async fn execute(cli: Cli) -> Result<(), CliError> {
    let command = cli.command.unwrap_or(Command::Serve(ServeArgs::default()));
    // These need no database of the command line's own.
    let command = match command {
        Command::Bench { command } => return crate::bench::run(command).await,
        Command::Generate {
            spend_file: Some(rows),
            output: Some(output),
            ..
        } => {
            let started = std::time::Instant::now();
            let total = crate::bench::write_spend_file(&output, rows)?;
            println!(
                "Wrote {rows} payments ({}) to {} in {:.1} s.",
                app::money::Money::from_pence(total),
                output.display(),
                started.elapsed().as_secs_f64()
            );
            return Ok(());
        }
        other => other,
    };
    let db = open(&cli.database_url, &cli.audit_key_file).await?;
    match command {
        Command::Migrate => {
            println!("Database is up to date.");
            Ok(())
        }
        Command::Seed { demo, public_url } => {
            if demo {
                refuse_demo_over_https(public_url.as_deref())?;
                let accounts = seed::demo(&db).await?;
                print_demo_accounts(&accounts);
            } else {
                println!("Reference data loaded: 43 forces and the national body.");
            }
            Ok(())
        }
        Command::Audit { command } => audit(&db, command).await,
        Command::Stress {
            command: StressCommand::Bids(args),
        } => {
            let report = crate::stress::run(&db, &args)
                .await
                .map_err(|e| CliError::Usage(e.to_string()))?;
            report.print();
            if report.clean() {
                Ok(())
            } else {
                Err(CliError::Usage(
                    "the run lost, duplicated or mis-stored bids, or met errors: see above".into(),
                ))
            }
        }
        Command::Import {
            command:
                ImportCommand::Spend {
                    file,
                    publisher,
                    encoding,
                },
        } => {
            let worker = crate::router::worker_name();
            let started = std::time::Instant::now();
            let import = app::spend::service::import_file(
                &db,
                &file,
                &publisher,
                encoding.as_deref(),
                &worker,
            )
            .await
            .map_err(CliError::from_service)?;
            crate::bench::print_report(&import, started.elapsed());
            if import.error.is_some() {
                return Err(CliError::Usage(format!(
                    "the import failed: {}",
                    import.error.unwrap_or_default()
                )));
            }
            Ok(())
        }
        // Handled before the database is opened.
        Command::Bench { .. } => Ok(()),
        Command::Generate {
            procurements: Some(n),
            bids_each,
            public_url,
            ..
        } => {
            refuse_demo_over_https(public_url.as_deref())?;
            app::seed::demo(&db).await.map_err(CliError::from_service)?;
            let started = std::time::Instant::now();
            let (p, b) = app::procurement::seed::generate(&db, n, bids_each)
                .await
                .map_err(CliError::from_service)?;
            println!(
                "Added {p} published procurements and {b} bids in {:.1} s.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Generate {
            spend_lines: Some(n),
            public_url,
            ..
        } => {
            refuse_demo_over_https(public_url.as_deref())?;
            seed::demo(&db).await?;
            let started = std::time::Instant::now();
            let written = app::spend::service::generate::generate_lines(&db, n, 10)
                .await
                .map_err(CliError::from_service)?;
            println!(
                "Added {written} spend payments in {:.1} s, classified, with the dashboards' rollups rebuilt.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Generate {
            services,
            public_url,
            ..
        } => {
            let Some(services) = services else {
                return Err(CliError::Usage(
                    "say what to generate: --services N, or --spend-file N --output FILE".into(),
                ));
            };
            refuse_demo_over_https(public_url.as_deref())?;
            let started = std::time::Instant::now();
            seed::demo(&db).await?;
            let seeded = started.elapsed();
            let written = app::catalogue::seed::generate(&db, services).await?;
            let total = started.elapsed();
            println!(
                "Generated {written} services in {:.1} s ({:.0} services/s); demo seed took {:.1} s.",
                (total - seeded).as_secs_f64(),
                written as f64 / (total - seeded).as_secs_f64().max(0.001),
                seeded.as_secs_f64()
            );
            Ok(())
        }
        Command::CreateAdmin {
            email,
            name,
            public_url,
            mail,
        } => {
            let link = app::identity::service::create_first_admin(
                &db,
                &email,
                &name,
                public_url.trim_end_matches('/'),
            )
            .await?;
            let email = email.trim().to_lowercase();
            println!("Created the first administrator, {email}, of the national body.");
            println!("They set their password at this link (it works once, for 7 days):");
            println!("  {link}");
            println!("At their first sign-in they set up an authenticator app.");
            if let Some(url) = mail.smtp_url {
                let sender = app::mail::sender::Sender::new(&url, &mail.mail_from)?;
                let sent = app::mail::sender::deliver_due(&db, &sender).await?;
                println!(
                    "Emailed the link to {email} ({} sent, {} to retry).",
                    sent.sent, sent.failed
                );
            }
            Ok(())
        }
        Command::Serve(args) => {
            if args.demo {
                refuse_demo_over_https(args.public_url.as_deref())?;
                let accounts = seed::demo(&db).await?;
                print_demo_accounts(&accounts);
                println!(
                    "No email leaves the demo: read what Bluelamp would send at http://{}/dev/mailbox",
                    args.bind
                );
                println!(
                    "Admin and national body accounts set up an authenticator app at their first sign-in."
                );
            }
            crate::router::serve(db, args).await
        }
    }
}

fn refuse_demo_over_https(public_url: Option<&str>) -> Result<(), CliError> {
    match public_url {
        Some(url) if url.trim().to_ascii_lowercase().starts_with("https://") => {
            Err(CliError::DemoOverHttps(url.to_string()))
        }
        _ => Ok(()),
    }
}

async fn audit(db: &Db, command: AuditCommand) -> Result<(), CliError> {
    let file_error = |path: &std::path::Path| {
        let path = path.to_path_buf();
        move |source| CliError::File { path, source }
    };
    match command {
        AuditCommand::Verify { checkpoint: None } => report(verify(db).await?),
        AuditCommand::Verify {
            checkpoint: Some(path),
        } => {
            let text = std::fs::read_to_string(&path).map_err(file_error(&path))?;
            let checkpoints = checkpoint::parse_file(&text, db.audit_key())?;
            let result = report(checkpoint::verify_against(db, &checkpoints).await?);
            if result.is_ok() {
                println!("All {} checkpoints hold.", checkpoints.len());
            }
            result
        }
        AuditCommand::Checkpoint { output } => {
            let line = checkpoint::take(db).await?.to_line(db.audit_key());
            match output {
                None => println!("{line}"),
                Some(path) => {
                    use std::io::Write;
                    let mut file = std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(&path)
                        .map_err(file_error(&path))?;
                    writeln!(file, "{line}").map_err(file_error(&path))?;
                    println!("Checkpoint appended to {}: {line}", path.display());
                }
            }
            Ok(())
        }
    }
}

fn report(result: VerifyReport) -> Result<(), CliError> {
    match result {
        VerifyReport::Intact { events } => {
            println!("Audit chain intact: {events} events verified.");
            Ok(())
        }
        VerifyReport::Broken { event_id, reason } => {
            Err(CliError::AuditBroken { event_id, reason })
        }
    }
}
