//! The command runner: each command, given in the domain's terms, run and its output
//! printed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::bank::Bank;
use crate::error::{Error, Result};
use crate::prepare::{Ledgers, resolve};
use crate::render::{self, Warning};
use crate::schema::SchemaKind;
use crate::spec::{Overrides, Seniority};
use crate::{debrief, generate, history, init, ledger, lint, preview, results, schema, stats};

/// The output folder when `--out` is not given.
pub(crate) const DEFAULT_OUT: &str = "out";

/// A command, its values checked.
pub(crate) enum Command {
    Generate(generate::Request),
    Preview {
        spec: PathBuf,
        overrides: Overrides,
    },
    Results {
        files: Vec<PathBuf>,
        out: Option<PathBuf>,
    },
    Debrief(debrief::Request),
    History {
        ledger: PathBuf,
        candidate: Option<String>,
        json: bool,
    },
    BankLint {
        dir: Option<PathBuf>,
    },
    BankStats {
        dir: Option<PathBuf>,
        json: bool,
        ledger: Option<PathBuf>,
    },
    Schema(SchemaKind),
    Init(Seniority),
}

fn warn(warnings: &[Warning]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {}", w.0);
    }
}

fn note(notes: &[String]) {
    let mut err = std::io::stderr().lock();
    for n in notes {
        let _ = writeln!(err, "note: {n}");
    }
}

/// Run a command.
pub(crate) fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Generate(request) => {
            let generate::Done {
                written,
                warnings,
                notes,
            } = generate::run(&request)?;
            note(&notes);
            warn(&warnings);
            let mut out = std::io::stdout().lock();
            for path in written {
                let _ = writeln!(out, "{}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Preview { spec, overrides } => {
            let resolved = resolve(&spec, &overrides, Path::new(DEFAULT_OUT))?;
            let p = resolved.pick(None, &mut Ledgers::default())?;
            note(&p.notes);
            let text = preview::table(
                &resolved.plan,
                &resolved.presentation,
                &p.selection,
                &p.edition,
            );
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            // The process ends here: a large bank's thousands of strings need not be freed
            // one by one first.
            std::mem::forget(p);
            std::mem::forget(resolved);
            Ok(ExitCode::SUCCESS)
        }
        Command::Results { files, out } => results(&files, out.as_deref()),
        Command::Debrief(request) => {
            let done = debrief::run(&request)?;
            note(&done.notes);
            warn(&done.warnings);
            let mut out = std::io::stdout().lock();
            for path in done.written {
                let _ = writeln!(out, "{}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::History {
            ledger,
            candidate,
            json,
        } => {
            let text = history::show(&ledger, candidate.as_deref(), json)?;
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::BankLint { dir } => bank_lint(dir.as_deref()),
        Command::BankStats { dir, json, ledger } => {
            bank_stats(dir.as_deref(), json, ledger.as_deref())
        }
        Command::Schema(kind) => {
            let text = schema::render(kind)?;
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::Init(seniority) => {
            let text = init::starter(seniority, &Bank::bundled()?);
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `results`: read filled-in cards back, and print them or write them into `out`.
fn results(files: &[PathBuf], out: Option<&Path>) -> Result<ExitCode> {
    let paths = results::expand(files)?;
    let read: Vec<(std::path::PathBuf, results::Results)> = paths
        .into_iter()
        .map(|p| results::read(&p).map(|r| (p, r)))
        .collect::<Result<_>>()?;
    match out {
        Some(dir) => {
            for path in write_results(dir, &read)? {
                let _ = writeln!(std::io::stdout().lock(), "{}", path.display());
            }
        }
        None => {
            let text = if let [(_, one)] = read.as_slice() {
                serde_json::to_string_pretty(one)
            } else {
                serde_json::to_string_pretty(&read.iter().map(|(_, r)| r).collect::<Vec<_>>())
            }
            .map_err(|e| Error::internal(format!("results as JSON: {e}")))?;
            let _ = writeln!(std::io::stdout().lock(), "{text}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `bank lint`: every problem of a bank; fails when there is an error.
fn bank_lint(dir: Option<&Path>) -> Result<ExitCode> {
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

/// `bank stats`: questions and minutes per topic and level, and optionally their exposure.
fn bank_stats(dir: Option<&Path>, json: bool, ledger: Option<&Path>) -> Result<ExitCode> {
    let bank = match &dir {
        Some(dir) => Bank::load(dir)?,
        None => Bank::bundled()?,
    };
    let mut stats = stats::Stats::of(&bank);
    if let Some(path) = &ledger {
        stats.add_exposure(&bank, path, &ledger::Ledger::open(path)?.entries()?);
    }
    let text = if json { stats.json()? } else { stats.table() };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// Write each results file into `dir` as `<card>-results.json`, all or nothing.
fn write_results(
    dir: &Path,
    read: &[(std::path::PathBuf, results::Results)],
) -> Result<Vec<std::path::PathBuf>> {
    let names: Vec<String> = read
        .iter()
        .map(|(_, r)| format!("{}.json", r.stem()))
        .collect();
    let staging = render::Staging::new(dir, &names.iter().map(String::as_str).collect::<Vec<_>>())?;
    let mut staged = Vec::new();
    for ((_, r), name) in read.iter().zip(&names) {
        let mut bytes = serde_json::to_vec_pretty(r)
            .map_err(|e| Error::internal(format!("results as JSON: {e}")))?;
        bytes.push(b'\n');
        staged.push(staging.stage(&render::Output {
            file_name: name.clone(),
            bytes,
        })?);
    }
    staging.commit(staged)
}
