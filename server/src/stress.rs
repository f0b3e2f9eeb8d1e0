//! `bluelamp stress bids`: many suppliers submitting and revising bids over HTTP in the last
//! moments before a bid deadline, against a running server, then what the database kept
//! compared with what each supplier last had accepted.

use app::db::Db;
use app::procurement::stress::{self, Bidder, Prepared, Stored};
use chrono::{Duration, Utc};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use std::collections::HashMap;
use std::time::Instant;

#[derive(clap::Args, Debug, Clone)]
pub struct StressBidsArgs {
    /// The running server (its database is --database-url's)
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    pub url: String,
    /// Suppliers bidding at once
    #[arg(long, default_value_t = 200)]
    pub suppliers: usize,
    /// How long before the deadline they start, in milliseconds
    #[arg(long, default_value_t = 2000)]
    pub window_ms: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum StressError {
    #[error("the address must be http://host:port (got {0})")]
    Url(String),
    #[error("{0}")]
    Service(#[from] app::error::ServiceError),
}

/// What the run saw, and what the database kept.
#[derive(Debug, Default)]
pub struct Report {
    pub suppliers: usize,
    pub requests: u64,
    pub accepted: u64,
    pub refused_late: u64,
    pub errors: u64,
    pub latencies_ms: Vec<f64>,
    pub stored: Stored,
    pub first_error: Option<String>,
}

impl Report {
    pub fn print(&self) {
        let mut l = self.latencies_ms.clone();
        l.sort_by(|a, b| a.total_cmp(b));
        let pct = |p: f64| {
            l.get(((l.len() as f64 * p) as usize).min(l.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0.0)
        };
        println!("suppliers bidding:           {}", self.suppliers);
        println!("requests sent:               {}", self.requests);
        println!("accepted before the deadline: {}", self.accepted);
        println!("refused as late:             {}", self.refused_late);
        println!("errors:                      {}", self.errors);
        if let Some(e) = &self.first_error {
            println!("  first error: {e}");
        }
        println!(
            "response time p50 / p95 / max: {:.1} / {:.1} / {:.1} ms",
            pct(0.5),
            pct(0.95),
            pct(1.0)
        );
        println!("stored bids:                 {}", self.stored.bids);
        println!("stored twice:                {}", self.stored.duplicates);
        println!("stored as submitted late:    {}", self.stored.late);
        println!(
            "suppliers whose stored bid is not the revision last accepted: {}",
            self.stored.mismatches.len()
        );
    }

    /// Everything accepted kept once with its last revision, nothing late, no errors.
    pub fn clean(&self) -> bool {
        self.errors == 0
            && self.stored.duplicates == 0
            && self.stored.late == 0
            && self.stored.mismatches.is_empty()
    }
}

struct Target {
    host: String,
    port: u16,
    origin: String,
}

fn target(url: &str) -> Result<Target, StressError> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| StressError::Url(url.into()))?
        .trim_end_matches('/');
    let (host, port) = rest
        .rsplit_once(':')
        .and_then(|(h, p)| Some((h.to_string(), p.parse().ok()?)))
        .ok_or_else(|| StressError::Url(url.into()))?;
    Ok(Target {
        origin: format!("http://{host}:{port}"),
        host,
        port,
    })
}

enum Answer {
    Accepted,
    Late,
    Error(String),
}

/// One supplier: its own connection, submitting revision after revision until the deadline
/// has passed; returns (answers with their times, the last revision accepted).
async fn supplier(
    t: std::sync::Arc<Target>,
    id: i32,
    b: Bidder,
    until: chrono::DateTime<Utc>,
) -> (Vec<(Answer, f64)>, Option<u64>) {
    let mut out = Vec::new();
    let mut last = None;
    let mut sender = None;
    let mut n = 0u64;
    while Utc::now() < until {
        n += 1;
        if sender.is_none() {
            match tokio::net::TcpStream::connect((t.host.as_str(), t.port)).await {
                Ok(stream) => {
                    match hyper::client::conn::http1::handshake(TokioIo::new(stream)).await {
                        Ok((s, conn)) => {
                            tokio::spawn(conn);
                            sender = Some(s);
                        }
                        Err(e) => {
                            out.push((Answer::Error(e.to_string()), 0.0));
                            continue;
                        }
                    }
                }
                Err(e) => {
                    out.push((Answer::Error(e.to_string()), 0.0));
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            }
        }
        let Some(s) = sender.as_mut() else { continue };
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(stress::bid_form(n))
            .finish();
        let req = hyper::Request::post(format!("/opportunities/{id}/bid"))
            .header("host", format!("{}:{}", t.host, t.port))
            .header("origin", &t.origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .header(
                "cookie",
                format!("{}={}", crate::router::SESSION_COOKIE, b.session),
            )
            .body(Full::new(Bytes::from(body)));
        let Ok(req) = req else { continue };
        let started = Instant::now();
        let answer = match s.send_request(req).await {
            Ok(res) => {
                let status = res.status();
                let location = res
                    .headers()
                    .get("location")
                    .and_then(|l| l.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let text = res
                    .into_body()
                    .collect()
                    .await
                    .map(|b| String::from_utf8_lossy(&b.to_bytes()).into_owned())
                    .unwrap_or_default();
                if status == hyper::StatusCode::SEE_OTHER
                    && location == format!("/opportunities/{id}")
                {
                    last = Some(n);
                    Answer::Accepted
                } else if status == hyper::StatusCode::CONFLICT && text.contains("was not accepted")
                {
                    Answer::Late
                } else {
                    Answer::Error(format!("{status} {location}"))
                }
            }
            Err(e) => {
                sender = None;
                Answer::Error(e.to_string())
            }
        };
        out.push((answer, started.elapsed().as_secs_f64() * 1000.0));
    }
    (out, last)
}

/// Prepares the suppliers and the procurement in the database, waits until `window` before
/// the deadline, lets every supplier bid until a second after it, and checks the database.
pub async fn run(db: &Db, args: &StressBidsArgs) -> Result<Report, StressError> {
    let t = std::sync::Arc::new(target(&args.url)?);
    let window = Duration::milliseconds(args.window_ms as i64);
    // Time to prepare, then the window.
    let prep = Duration::milliseconds(2000 + 20 * args.suppliers as i64);
    let deadline = db.now() + prep + window;
    let prepared: Prepared = stress::prepare(db, args.suppliers, deadline).await?;
    let start = deadline - window;
    let wait = (start - db.now()).to_std().unwrap_or_default();
    tokio::time::sleep(wait).await;
    // Keep going a second past the deadline, so late submissions are tried too. The clock
    // here is the server's own when they share a machine (and in tests, the same handle).
    let offset = db.now() - Utc::now();
    let until = deadline + Duration::seconds(1) - offset;
    let mut tasks = Vec::new();
    for b in prepared.bidders.clone() {
        tasks.push(tokio::spawn(supplier(
            t.clone(),
            prepared.procurement_id,
            b,
            until,
        )));
    }
    let mut report = Report {
        suppliers: args.suppliers,
        ..Default::default()
    };
    let mut last_accepted = HashMap::new();
    for (b, task) in prepared.bidders.iter().zip(tasks) {
        let (answers, last) = task.await.unwrap_or_default();
        last_accepted.insert(b.supplier_id, last);
        for (a, ms) in answers {
            report.requests += 1;
            report.latencies_ms.push(ms);
            match a {
                Answer::Accepted => report.accepted += 1,
                Answer::Late => report.refused_late += 1,
                Answer::Error(e) => {
                    report.errors += 1;
                    report.first_error.get_or_insert(e);
                }
            }
        }
    }
    report.stored = stress::check(db, &prepared, &last_accepted).await?;
    Ok(report)
}
