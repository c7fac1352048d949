//! The command line: raw arguments as clap parses them. `lib.rs` turns them into checked
//! values before anything else sees them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render::Format;
use crate::spec::{Paper, Seniority};

/// Balanced, time-boxed interview scorecards (PDF, HTML, JSON) from a YAML spec and a
/// question bank.
#[derive(Debug, Parser)]
#[command(name = "scorecard", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Pick the questions for one or more specs and write the scorecards.
    Generate(GenerateArgs),
    /// Show the picked questions and the balance as a table; writes nothing.
    Preview(PreviewArgs),
    /// Check or summarise a question bank.
    #[command(subcommand)]
    Bank(BankCommand),
    /// Print the JSON Schema of the spec or bank file format, for editors.
    Schema {
        /// Which format.
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Print a commented starter spec.
    Init {
        /// Seniority of the role.
        #[arg(long, value_enum, default_value = "senior")]
        seniority: Seniority,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Values shared by `generate` and `preview`.
#[derive(Debug, Args, Clone)]
pub struct SelectArgs {
    /// Seed deciding among the valid question sets (overrides the spec's `seed`).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Question bank folder (overrides the spec's `bank`).
    #[arg(long, value_name = "DIR")]
    pub bank: Option<PathBuf>,
    /// Candidate's name (overrides the spec's `candidate`).
    #[arg(long, value_name = "NAME")]
    pub candidate: Option<String>,
    /// Interview date, YYYY-MM-DD (overrides the spec's `date`; default today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Spec files, one per role level.
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Output folder, created if missing.
    #[arg(long, short, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(
        long,
        short,
        value_enum,
        value_delimiter = ',',
        default_value = "pdf,html,json"
    )]
    pub format: Vec<Format>,
    /// Paper size (overrides the spec's `paper`).
    #[arg(long, value_enum)]
    pub paper: Option<Paper>,
    /// Folder of templates replacing the built-in ones (overrides the spec's `templates`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub select: SelectArgs,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The spec file.
    #[arg(value_name = "SPEC")]
    pub spec: PathBuf,
    #[command(flatten)]
    pub select: SelectArgs,
}

#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// Check a bank and list every problem with its place; exits non-zero on errors.
    Lint {
        /// Bank folder (default: the bundled bank).
        dir: Option<PathBuf>,
    },
    /// Questions and minutes per topic and level.
    Stats {
        /// Bank folder (default: the bundled bank).
        dir: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SchemaKind {
    Spec,
    Bank,
}
