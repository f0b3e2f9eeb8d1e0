//! The `bluelamp` command line, run as a real process.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::process::Command;

fn bluelamp(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bluelamp"))
        .args(args)
        .env("BLUELAMP_LOG", "error")
        .output()
        .expect("bluelamp runs")
}

fn temp_db() -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!(
        "bluelamp-cli-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/cli.db", dir.display());
    (dir, url)
}

#[test]
fn bad_database_urls_give_one_clear_line() {
    let out = bluelamp(&["--database-url", "mysql://nope", "migrate"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("bluelamp: error: DATABASE_URL must start with sqlite:// or postgres://"));

    // Nothing listens on port 9: refused at once. The password is not printed.
    let out = bluelamp(&[
        "--database-url",
        "postgres://u:secret@127.0.0.1:9/db",
        "migrate",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "bluelamp: error: cannot connect to the database at postgres://u:***@127.0.0.1:9/db"
        ),
        "{err}"
    );
    assert!(!err.contains("secret"));
    assert!(!err.contains("panicked"));
}

#[test]
fn seed_then_verify_then_tamper() {
    let (dir, url) = temp_db();
    let out = bluelamp(&["--database-url", &url, "seed", "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("admin@npto.example"));
    assert!(stdout.contains("bluelamp-demo-2026"));

    let out = bluelamp(&["--database-url", &url, "audit", "verify"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Audit chain intact: 2 events verified."));

    // Tamper with the one event behind the application's back.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sea_orm::ConnectionTrait;
        let db = sea_orm::Database::connect(url.as_str()).await.unwrap();
        db.execute_unprepared("UPDATE audit_event SET details = '{\"users_created\":99}'")
            .await
            .unwrap();
        db.close().await.unwrap();
    });
    let out = bluelamp(&["--database-url", &url, "audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("audit chain broken at event 1"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
