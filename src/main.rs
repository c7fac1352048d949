//! The `scorecard` binary: parse the command line, run, report.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = scorecard::cli::Cli::parse();
    match scorecard::run(cli) {
        Ok(code) => code,
        Err(error) => {
            scorecard::report(&error);
            ExitCode::FAILURE
        }
    }
}
