//! The `bluelamp` binary.

use std::process::ExitCode;

fn main() -> ExitCode {
    return_large_allocations_to_the_os();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(bluelamp_server::cli::run()),
        Err(e) => {
            eprintln!("bluelamp: error: cannot start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Each sign-in's argon2id hash allocates 19 MiB on a blocking-pool thread. glibc raises its
/// mmap threshold after the first such free and then keeps later blocks in per-thread arenas,
/// so the process grows by ~19 MiB per thread that ever hashed. A fixed threshold keeps large
/// blocks on mmap, returned to the OS when freed.
fn return_large_allocations_to_the_os() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // The one unsafe block in Bluelamp (the workspace denies unsafe code everywhere else).
    // SAFETY: mallopt is called once, before any other thread exists.
    #[allow(unsafe_code)]
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}
