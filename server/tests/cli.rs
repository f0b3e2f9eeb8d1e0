//! The `bluelamp` command line, run as a real process.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::process::Command;

fn bluelamp(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bluelamp"))
        .args(args)
        .env("BLUELAMP_LOG", "error")
        .env_remove("BLUELAMP_AUDIT_KEY")
        // Never the default data/audit.key under the crate; tests name their own.
        .env(
            "BLUELAMP_AUDIT_KEY_FILE",
            std::env::temp_dir().join("bluelamp-cli-tests.key"),
        )
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

/// Runs a statement behind the application's back, as someone with database access could.
fn sql(url: &str, statements: &[&str]) -> Result<(), String> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sea_orm::ConnectionTrait;
        let db = sea_orm::Database::connect(url).await.unwrap();
        for s in statements {
            if let Err(e) = db.execute_unprepared(s).await {
                db.close().await.unwrap();
                return Err(e.to_string());
            }
        }
        db.close().await.unwrap();
        Ok(())
    })
}

#[test]
fn seed_then_verify_checkpoint_and_catch_tampering() {
    let (dir, url) = temp_db();
    let key = dir.join("keys/audit.key");
    let key = key.to_str().unwrap();
    let checkpoints = dir.join("checkpoints.txt");
    let checkpoints = checkpoints.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--database-url", &url, "--audit-key-file", key];
        all.extend_from_slice(args);
        bluelamp(&all)
    };
    let out = run(&["seed", "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("admin@npto.example"));
    assert!(stdout.contains("bluelamp-demo-2026"));
    // The key file was created, private, outside the database.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let out = run(&["audit", "verify"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Audit chain intact: 54 events verified.")
    );
    let out = run(&["audit", "checkpoint", "--output", checkpoints]);
    assert!(out.status.success());
    let line = std::fs::read_to_string(checkpoints).unwrap();
    assert!(
        line.starts_with("bluelamp-audit-checkpoint/1 events=54 last_id=54 "),
        "{line}"
    );
    let out = run(&["audit", "verify", "--checkpoint", checkpoints]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("All 1 checkpoints hold."));

    // Another key cannot vouch for this log.
    let out = bluelamp(&[
        "--database-url",
        &url,
        "--audit-key-file",
        dir.join("other.key").to_str().unwrap(),
        "audit",
        "verify",
    ]);
    assert_eq!(out.status.code(), Some(1));

    // The database refuses a plain edit.
    let refused = sql(
        &url,
        &["UPDATE audit_event SET details = '{\"users_created\":99}'"],
    );
    assert!(refused.unwrap_err().contains("append-only"));

    // Past the triggers, deleting the newest event leaves a valid chain; the checkpoint tells.
    sql(
        &url,
        &[
            "DROP TRIGGER audit_event_no_delete",
            "DELETE FROM audit_event WHERE id = 54",
        ],
    )
    .unwrap();
    let out = run(&["audit", "verify"]);
    assert!(out.status.success());
    let out = run(&["audit", "verify", "--checkpoint", checkpoints]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("audit chain broken at event 54"), "{err}");
    assert!(err.contains("newest events were deleted"), "{err}");

    // And an edit is named.
    sql(
        &url,
        &[
            "DROP TRIGGER audit_event_no_update",
            "UPDATE audit_event SET details = '{\"users_created\":99}'",
        ],
    )
    .unwrap();
    let out = run(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("audit chain broken at event 1"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn create_admin_works_once_on_an_empty_database_and_the_demo_refuses_https() {
    let (dir, url) = temp_db();
    let key = dir.join("audit.key");
    let key = key.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--database-url", &url, "--audit-key-file", key];
        all.extend_from_slice(args);
        bluelamp(&all)
    };
    let out = run(&[
        "create-admin",
        "--email",
        "Chief@NPTO.gov.example",
        "--name",
        "Chris Chief",
        "--public-url",
        "https://bluelamp.example/",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("chief@npto.gov.example"), "{stdout}");
    assert!(
        stdout.contains("https://bluelamp.example/invitation/"),
        "{stdout}"
    );

    let out = run(&[
        "create-admin",
        "--email",
        "second@npto.gov.example",
        "--name",
        "Sam",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("works only on an empty one"));

    let out = run(&["seed", "--demo", "--public-url", "https://bluelamp.example"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refuses to run when the public URL"));
    let out = run(&[
        "serve",
        "--demo",
        "--public-url",
        "HTTPS://bluelamp.example",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refuses to run when the public URL"));
    let _ = std::fs::remove_dir_all(dir);
}
