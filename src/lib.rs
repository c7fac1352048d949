//! scorecard: balanced, time-boxed interview scorecards from a YAML spec and a question bank.
//!
//! Data flows one way: spec and bank files → [`spec::Plan`] and [`bank::Bank`] →
//! [`select::Selection`] → [`edition::Edition`] (also the JSON export) → renderers.

pub mod bank;
pub(crate) mod cli;
pub mod commands;
pub mod debrief;
pub mod edition;
pub mod error;
pub mod generate;
pub mod history;
pub mod init;
pub mod ledger;
pub mod lint;
pub mod parallel;
pub mod prepare;
pub mod preview;
pub mod render;
pub mod results;
pub mod rng;
pub mod schema;
pub mod select;
pub mod spec;
pub mod stats;
pub mod yaml;

/// Run the command line the process was started with: parse it, run the command, and report
/// an error the way every command does.
pub fn run_command_line() -> std::process::ExitCode {
    cli::main()
}
