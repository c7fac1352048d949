//! Preparing a card: a spec read and resolved against its bank, then the questions picked
//! for a candidate (avoiding what the ledger says they were asked before) and the edition
//! assembled.

use std::path::Path;

use crate::bank::Bank;
use crate::edition::Edition;
use crate::error::{Error, Result};
use crate::spec::{Memory, Overrides, Plan, Presentation, Spec};
use crate::{history, ledger, select};

pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Load the bank a spec names (or the bundled one). A folder named by the spec's `bank:` that
/// is not there is reported at that line of the spec.
pub(crate) fn load_bank(spec: &Spec, overrides: &Overrides) -> Result<Bank> {
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

/// A spec read and resolved against its bank, before any question is picked.
pub(crate) struct Resolved {
    pub plan: Plan,
    pub presentation: Presentation,
    pub bank: Bank,
    pub memory: Memory,
}

/// Read a spec and its bank and resolve the plan; `out` is where the default ledger lives.
pub(crate) fn resolve(path: &Path, overrides: &Overrides, out: &Path) -> Result<Resolved> {
    let spec = Spec::load(path)?;
    let bank = load_bank(&spec, overrides)?;
    let (plan, presentation) = spec.resolve(overrides, &bank, today())?;
    let memory = spec.memory(overrides, out)?;
    Ok(Resolved {
        plan,
        presentation,
        bank,
        memory,
    })
}

/// Ledgers read so far in a run, each read once however many cards consult it.
#[derive(Default)]
pub(crate) struct Ledgers(std::collections::BTreeMap<std::path::PathBuf, ledger::Ledger>);

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
pub(crate) struct Prepared {
    pub selection: select::Selection,
    pub edition: Edition,
    /// What the user should know: earlier cards matched, questions swapped.
    pub notes: Vec<String>,
}

impl Resolved {
    /// Pick the questions for the plan's candidate, or `candidate` instead; with
    /// `avoid_asked`, never what the ledger says this candidate was asked before.
    pub(crate) fn pick(&self, candidate: Option<&str>, ledgers: &mut Ledgers) -> Result<Prepared> {
        let mut plan = self.plan.clone();
        let mut presentation = self.presentation.clone();
        if let Some(name) = candidate {
            presentation.candidate = Some(name.to_owned());
        }
        let mut notes = Vec::new();
        if self.memory.avoid_asked
            && let Some(path) = &self.memory.ledger
        {
            let Some(name) = presentation.candidate.clone() else {
                return Err(Error::usage(format!(
                    "{}: avoiding what the candidate was asked before needs the candidate's name",
                    presentation.spec_path.display()
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
        // An impossible spec's error names the spec, so a batch of several says which one
        // failed, and counts what the candidate's history left out.
        let selection = select::select(&plan, &self.bank).map_err(|mut error| {
            error.spec = Some(presentation.spec_path.clone());
            error.asked = plan.asked.len();
            Error::from(error)
        })?;
        let edition = Edition::new(&plan, &presentation, &self.bank, &selection);
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
