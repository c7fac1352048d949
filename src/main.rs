//! The `scorecard` binary: parse the command line, run, report.

use std::process::ExitCode;

/// mimalloc instead of the system allocator: loading a large bank and rendering on several
/// threads allocate many small strings, and glibc's per-thread arenas cost page faults and
/// lock traffic that show in every run. Its version 2 (the `v2` feature) sets up less memory
/// at start than version 3: a card took about 0.6 ms less (median), a batch and a large bank
/// the same.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    scorecard::run_command_line()
}
