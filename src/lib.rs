//! scorecard: balanced, time-boxed interview scorecards from a YAML spec and a question bank.
//!
//! Data flows one way: spec and bank files → [`spec::Plan`] and [`bank::Bank`] →
//! [`select::Selection`] → [`edition::Edition`] (also the JSON export) → renderers.

pub mod bank;
pub mod cli;
pub mod debrief;
pub mod edition;
pub mod error;
pub mod generate;
pub mod history;
pub mod init;
pub mod ledger;
pub mod lint;
pub mod parallel;
pub mod preview;
pub mod render;
pub mod results;
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
use crate::spec::{Memory, Overrides, Plan, Spec};

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

fn note(notes: &[String]) {
    let mut err = std::io::stderr().lock();
    for n in notes {
        let _ = writeln!(err, "note: {n}");
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Generate(args) => {
            render::pdf::configure_fonts(&args.fonts.options())?;
            let mut overrides = overrides(&args.select, args.paper, args.templates.clone())?;
            overrides.no_ledger = args.no_ledger;
            overrides.layout = args.layout;
            let generate::Done {
                written,
                warnings,
                notes,
            } = generate::run(&args, &overrides)?;
            note(&notes);
            warn(&warnings);
            let mut out = std::io::stdout().lock();
            for path in written {
                let _ = writeln!(out, "{}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Preview(args) => {
            let overrides = overrides(&args.select, None, None)?;
            let resolved = resolve(&args.spec, &overrides, Path::new(DEFAULT_OUT))?;
            let p = resolved.pick(None, &mut Ledgers::default())?;
            note(&p.notes);
            let text = preview::table(&resolved.plan, &p.selection, &p.edition);
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            // The process ends here: a large bank's thousands of strings need not be freed
            // one by one first.
            std::mem::forget(p);
            std::mem::forget(resolved);
            Ok(ExitCode::SUCCESS)
        }
        Command::Results { files, out } => {
            let paths = results::expand(&files)?;
            let read: Vec<(std::path::PathBuf, results::Results)> = paths
                .into_iter()
                .map(|p| results::read(&p).map(|r| (p, r)))
                .collect::<Result<_>>()?;
            match out {
                Some(dir) => {
                    for path in write_results(&dir, &read)? {
                        let _ = writeln!(std::io::stdout().lock(), "{}", path.display());
                    }
                }
                None => {
                    let text = if let [(_, one)] = read.as_slice() {
                        serde_json::to_string_pretty(one)
                    } else {
                        serde_json::to_string_pretty(
                            &read.iter().map(|(_, r)| r).collect::<Vec<_>>(),
                        )
                    }
                    .map_err(|e| Error::internal(format!("results as JSON: {e}")))?;
                    let _ = writeln!(std::io::stdout().lock(), "{text}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Debrief(args) => {
            render::pdf::configure_fonts(&args.fonts.options())?;
            let done = debrief::run(&debrief::Request {
                files: args.files,
                out: args.out,
                formats: args.format,
                paper: args.paper,
            })?;
            note(&done.notes);
            warn(&done.warnings);
            let mut out = std::io::stdout().lock();
            for path in done.written {
                let _ = writeln!(out, "{}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::History(args) => {
            let text = history::show(&args.ledger, args.candidate.as_deref(), args.json)?;
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
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
        Command::Bank(BankCommand::Stats { dir, json, ledger }) => {
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
        avoid_asked: args.avoid_asked,
        ledger: args.ledger.clone(),
        no_ledger: false,
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

/// The output folder when `--out` is not given.
pub const DEFAULT_OUT: &str = "out";

/// A spec read and resolved against its bank, before any question is picked.
pub struct Resolved {
    pub plan: Plan,
    pub bank: Bank,
    pub memory: Memory,
}

/// Read a spec and its bank and resolve the plan; `out` is where the default ledger lives.
pub fn resolve(path: &Path, overrides: &Overrides, out: &Path) -> Result<Resolved> {
    let spec = Spec::load(path)?;
    let bank = load_bank(&spec, overrides)?;
    let plan = spec.resolve(overrides, &bank, today())?;
    let memory = spec.memory(overrides, out)?;
    Ok(Resolved { plan, bank, memory })
}

/// Ledgers read so far in a run, each read once however many cards consult it.
#[derive(Default)]
pub struct Ledgers(std::collections::BTreeMap<std::path::PathBuf, ledger::Ledger>);

impl Ledgers {
    fn get(&mut self, path: &Path) -> Result<&ledger::Ledger> {
        if !self.0.contains_key(path) {
            let read = ledger::Ledger::open(path)?;
            self.0.insert(path.to_path_buf(), read);
        }
        self.0
            .get(path)
            .ok_or_else(|| Error::internal("a ledger read a moment ago is gone"))
    }
}

/// One candidate's questions, ready to render.
pub struct Prepared {
    pub selection: select::Selection,
    pub edition: Edition,
    /// What the user should know: earlier cards matched, questions swapped.
    pub notes: Vec<String>,
}

impl Resolved {
    /// Pick the questions for the plan's candidate, or `candidate` instead; with
    /// `avoid_asked`, never what the ledger says this candidate was asked before.
    pub fn pick(&self, candidate: Option<&str>, ledgers: &mut Ledgers) -> Result<Prepared> {
        let mut plan = self.plan.clone();
        if let Some(name) = candidate {
            plan.candidate = Some(name.to_owned());
        }
        let mut notes = Vec::new();
        if self.memory.avoid_asked
            && let Some(path) = &self.memory.ledger
        {
            let Some(name) = plan.candidate.clone() else {
                return Err(Error::usage(format!(
                    "{}: avoiding what the candidate was asked before needs the candidate's name",
                    plan.spec_path.display()
                ))
                .with_hint("give --candidate NAME, or `candidate:` in the spec"));
            };
            let who = ledger::Who::of(&name, self.memory.candidate_id.as_deref());
            let earlier = ledgers.get(path)?.select(Some(&who))?;
            plan.asked = earlier
                .iter()
                .flat_map(|e| &e.questions)
                .filter(|id| self.bank.question(id).is_some())
                .cloned()
                .collect();
            notes.push(history::matched(&name, path, &earlier, plan.asked.len()));
        }
        let selection = select::select(&plan, &self.bank).map_err(|error| {
            match name_spec(error, &plan.spec_path) {
                Error::Infeasible { message, hint } if !plan.asked.is_empty() => {
                    Error::Infeasible {
                        message: format!(
                            "{message} ({} question(s) are excluded because this candidate was \
                         asked them before)",
                            plan.asked.len()
                        ),
                        hint,
                    }
                }
                other => other,
            }
        })?;
        let edition = Edition::new(&plan, &self.bank, &selection);
        for card in &edition.scorecards {
            if card.swapped.is_empty() {
                continue;
            }
            let whose = card
                .interviewer
                .as_deref()
                .map_or(String::new(), |i| format!(" on {i}'s card"));
            let list: Vec<String> = card
                .swapped
                .iter()
                .map(|s| format!("{} -> {} ({})", s.out, s.r#in, s.reason))
                .collect();
            notes.push(format!("swapped{whose}: {}", list.join(", ")));
        }
        Ok(Prepared {
            selection,
            edition,
            notes,
        })
    }
}
