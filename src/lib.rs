//! scorecard: balanced, time-boxed interview scorecards from a YAML spec and a question bank.
//!
//! Data flows one way: spec and bank files → [`Plan`] and [`Bank`] ([`prepare`]) →
//! [`Selection`] ([`select`]) → [`Edition`] (also the JSON export) → files in memory
//! ([`render`]) → files in a folder ([`write`]). The `scorecard` binary runs the same steps
//! from its command line ([`run_command_line`]).

mod bank;
mod cli;
mod commands;
mod debrief;
mod edition;
mod error;
pub mod fuzzing;
mod generate;
mod history;
mod init;
mod ledger;
mod lint;
mod parallel;
mod prepare;
mod preview;
mod render;
mod results;
mod rng;
mod schema;
mod select;
mod spec;
mod stats;
mod yaml;

use std::path::{Path, PathBuf};

pub use crate::bank::{Bank, Level, Question, Topic};
pub use crate::edition::{BankInfo, CardQuestion, Edition, Scorecard, Swapped, TopicSummary};
pub use crate::error::{Error, Origin, Result};
pub use crate::render::{Format, Output, Warning};
pub use crate::results::Results;
pub use crate::select::reason::{Count, Infeasible, Interviewer, Reason};
pub use crate::select::{FILL_TIERS, Form, Selection, Swap};
pub use crate::spec::{
    Layout, Member, Overrides, Paper, Plan, Presentation, RubricLevel, Seniority, default_rubric,
};

/// A spec read and resolved against its bank: the plan that decides the questions, how the
/// cards are presented, and the bank the questions come from.
pub struct Prepared {
    pub plan: Plan,
    pub presentation: Presentation,
    pub bank: Bank,
}

/// Read a spec (and the specs it `extends`), load the bank it names (or the bundled one) and
/// resolve the plan: every default applied, every name checked against the bank.
pub fn prepare(spec: &Path, overrides: &Overrides) -> Result<Prepared> {
    let resolved = prepare::resolve(spec, overrides, Path::new(commands::DEFAULT_OUT))?;
    Ok(Prepared {
        plan: resolved.plan,
        presentation: resolved.presentation,
        bank: resolved.bank,
    })
}

/// Read a spec and resolve it against `bank` instead of the bank it names.
pub fn prepare_with_bank(
    spec: &Path,
    bank: &Bank,
    overrides: &Overrides,
) -> Result<(Plan, Presentation)> {
    spec::Spec::load(spec)?.resolve(overrides, bank, prepare::today())
}

/// Pick the questions for a plan: a pure function of (plan, bank), the seed deciding among
/// the sets that meet every balance rule.
pub fn select(plan: &Plan, bank: &Bank) -> Result<Selection> {
    Ok(select::select(plan, bank)?)
}

/// Everything the cards show, from a plan, its presentation, its bank and the picked
/// questions.
pub fn edition(
    plan: &Plan,
    presentation: &Presentation,
    bank: &Bank,
    selection: &Selection,
) -> Edition {
    Edition::new(plan, presentation, bank, selection)
}

/// Files rendered in memory, and what the user should know about them.
pub struct Rendered {
    pub outputs: Vec<Output>,
    pub warnings: Vec<Warning>,
}

/// Render an edition in `formats`: its JSON export, then each card as PDF, then as HTML
/// (from the templates in `templates` instead of the built-in ones, when given).
pub fn render(edition: &Edition, formats: &[Format], templates: Option<&Path>) -> Result<Rendered> {
    let mut warnings = Vec::new();
    let outputs = render::Renderers::new(formats, templates)?.render(edition, &mut warnings)?;
    Ok(Rendered { outputs, warnings })
}

/// Write rendered files into `dir` (created if missing), all or nothing: each goes to a
/// temporary file first, and only when all are written are they renamed into place.
pub fn write(dir: &Path, outputs: &[Output]) -> Result<Vec<PathBuf>> {
    let names: Vec<&str> = outputs.iter().map(|o| o.file_name.as_str()).collect();
    let staging = render::Staging::new(dir, &names)?;
    let mut staged = Vec::with_capacity(outputs.len());
    for output in outputs {
        match staging.stage(output) {
            Ok(file) => staged.push(file),
            Err(error) => {
                drop(staged);
                staging.abandon();
                return Err(error);
            }
        }
    }
    staging.commit(staged)
}

/// Read a results file or a filled-in card's PDF (its bytes, read from `path`), checked
/// against the card it names.
pub fn read_results(path: &Path, bytes: &[u8]) -> Result<Results> {
    results::from_bytes(path, bytes)
}

/// Run the command line the process was started with: parse it, run the command, and report
/// an error the way every command does.
pub fn run_command_line() -> std::process::ExitCode {
    cli::main()
}
