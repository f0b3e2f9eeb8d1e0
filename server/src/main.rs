//! The `bluelamp` binary.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    bluelamp_server::cli::run().await
}
