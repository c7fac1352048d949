//! scorecard: balanced, time-boxed interview scorecards from a YAML spec and a question bank.
//!
//! Data flows one way: spec and bank files → [`spec::Plan`] and [`bank::Bank`] →
//! [`select::Selection`] → [`edition::Edition`] (also the JSON export) → renderers.

pub mod bank;
pub mod cli;
pub mod edition;
pub mod error;
pub mod generate;
pub mod init;
pub mod lint;
pub mod parallel;
pub mod preview;
pub mod render;
pub mod rng;
pub mod schema;
pub mod select;
pub mod spec;
pub mod stats;
pub mod yaml;

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::bank::Bank;
use crate::cli::{BankCommand, Cli, Command, SelectArgs};
use crate::edition::Edition;
use crate::error::{Error, Result};
use crate::render::Warning;
use crate::spec::{Overrides, Plan, Spec};

/// Print an error the way every command does: `error: …`, then `hint: …` when there is one.
pub fn report(error: &Error) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "error: {error}");
    if let Some(hint) = error.hint() {
        let _ = writeln!(err, "hint: {hint}");
    }
}

fn warn(warnings: &[Warning]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {}", w.0);
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Generate(args) => {
            let mut overrides = overrides(&args.select, args.paper, args.templates.clone())?;
            overrides.layout = args.layout;
            let (written, warnings) = generate::run(&args, &overrides)?;
            warn(&warnings);
            let mut out = std::io::stdout().lock();
            for path in written {
                let _ = writeln!(out, "{}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Preview(args) => {
            let overrides = overrides(&args.select, None, None)?;
            let p = prepare(&args.spec, &overrides)?;
            let text = preview::table(&p.plan, &p.selection, &p.edition);
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            // The process ends here: a large bank's thousands of strings need not be freed
            // one by one first.
            std::mem::forget(p);
            Ok(ExitCode::SUCCESS)
        }
        Command::Bank(BankCommand::Lint { dir }) => {
            let report = match &dir {
                Some(dir) => lint::lint_dir(dir)?,
                None => lint::lint_bundled()?,
            };
            let _ = std::io::stdout()
                .lock()
                .write_all(report.render().as_bytes());
            match report.errors() {
                0 => Ok(ExitCode::SUCCESS),
                n => Err(Error::usage(format!(
                    "the bank {} has {n} error(s)",
                    report.dir.display()
                ))),
            }
        }
        Command::Bank(BankCommand::Stats { dir, json }) => {
            let bank = match &dir {
                Some(dir) => Bank::load(dir)?,
                None => Bank::bundled()?,
            };
            let stats = stats::Stats::of(&bank);
            let text = if json { stats.json()? } else { stats.table() };
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { kind } => {
            let text = schema::render(kind)?;
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { seniority } => {
            let text = init::starter(seniority, &Bank::bundled()?);
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "scorecard", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn overrides(
    args: &SelectArgs,
    paper: Option<spec::Paper>,
    templates: Option<std::path::PathBuf>,
) -> Result<Overrides> {
    let date = match &args.date {
        Some(text) => Some(spec::parse_date(text).map_err(|hint| {
            Error::usage(format!("--date `{text}` is not a date")).with_hint(hint)
        })?),
        None => None,
    };
    Ok(Overrides {
        seed: args.seed,
        candidate: args.candidate.clone(),
        date,
        bank: args.bank.clone(),
        paper,
        layout: None,
        templates,
    })
}

/// Load the bank a spec names (or the bundled one). A folder named by the spec's `bank:` that
/// is not there is reported at that line of the spec.
pub fn load_bank(spec: &Spec, overrides: &Overrides) -> Result<Bank> {
    let Some(dir) = spec.bank_dir(overrides) else {
        return Bank::bundled();
    };
    if !dir.is_dir()
        && let Some(origin) = spec.bank_origin(overrides)
    {
        let what = if dir.exists() {
            "is not a folder; a bank is a folder"
        } else {
            "does not exist"
        };
        return Err(Error::input(
            origin,
            format!("the bank folder {} {what}", dir.display()),
        )
        .with_hint(
            "`bank:` is relative to the spec's folder; a bank is a folder holding bank.yaml and one YAML file per topic",
        ));
    }
    Bank::load(&dir)
}

/// An impossible spec's error names the spec, so a batch of several says which one failed.
fn name_spec(error: Error, spec: &Path) -> Error {
    match error {
        Error::Infeasible { message, hint } => Error::Infeasible {
            message: format!("{}: {message}", spec.display()),
            hint,
        },
        other => other,
    }
}

/// Everything up to rendering, for one spec.
pub struct Prepared {
    pub plan: Plan,
    pub bank: Bank,
    pub selection: select::Selection,
    pub edition: Edition,
}

/// Read a spec and its bank, resolve the plan, and pick the questions.
pub fn prepare(path: &Path, overrides: &Overrides) -> Result<Prepared> {
    let spec = Spec::load(path)?;
    let bank = load_bank(&spec, overrides)?;
    let plan = spec.resolve(overrides, &bank, today())?;
    let selection = select::select(&plan, &bank).map_err(|error| name_spec(error, path))?;
    let edition = Edition::new(&plan, &bank, &selection);
    Ok(Prepared {
        plan,
        bank,
        selection,
        edition,
    })
}
