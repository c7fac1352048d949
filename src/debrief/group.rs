//! Sorting a heap of results files into panels: one group per candidate, every group of one
//! edition, every card handed in once. Anything that would mix editions or interviewers
//! silently is an error naming the files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::results::Results;

/// One results file as read.
pub(crate) struct Input {
    pub path: PathBuf,
    pub results: Results,
}

/// The inputs of one candidate, in panel order, all of one edition.
pub(crate) struct Group<'a> {
    pub inputs: Vec<&'a Input>,
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

fn name(r: &Results) -> &str {
    r.candidate.as_deref().unwrap_or("the unnamed candidate")
}

/// Check the inputs and group them by candidate (groups ordered by candidate name, then date).
pub(crate) fn group(inputs: &[Input]) -> Result<Vec<Group<'_>>> {
    check_claims(inputs)?;
    check_editions(inputs)?;
    // One group per candidate; a candidate's results must be one edition, one interview.
    let mut by_candidate: BTreeMap<Option<&str>, Vec<&Input>> = BTreeMap::new();
    for input in inputs {
        by_candidate
            .entry(input.results.candidate.as_deref())
            .or_default()
            .push(input);
    }
    let mut groups = Vec::new();
    for (_, mut members) in by_candidate {
        check_one_interview(&members)?;
        // Panel order; the caller checked everyone is on the panel.
        let panel = &members[0].results.panel;
        members.sort_by_key(|i| {
            i.results
                .interviewer
                .as_ref()
                .and_then(|w| panel.iter().position(|p| p == w))
        });
        for pair in members.windows(2) {
            if pair[0].results.interviewer == pair[1].results.interviewer {
                return Err(Error::usage(format!(
                    "{} and {} are both {}'s results for {}: a card is handed in once",
                    shown(&pair[0].path),
                    shown(&pair[1].path),
                    pair[0]
                        .results
                        .interviewer
                        .as_deref()
                        .unwrap_or("the interviewer"),
                    name(&members[0].results)
                ))
                .with_hint(
                    "keep the one to use and leave the other out (move it to another folder)",
                ));
            }
        }
        groups.push(Group { inputs: members });
    }
    Ok(groups)
}

/// Each results file must say which edition it belongs to, and whose card it is.
fn check_claims(inputs: &[Input]) -> Result<()> {
    for input in inputs {
        let r = &input.results;
        if r.fingerprint.trim().is_empty() {
            return Err(Error::usage(format!(
                "{}: its edition is unknown (the `fingerprint` is empty), so it cannot be put beside its panel's results",
                shown(&input.path)
            ))
            .with_hint("use the results file the card wrote, or read its filled PDF with `scorecard results`"));
        }
        let on_panel = match &r.interviewer {
            Some(who) => r.panel.is_empty() || r.panel.contains(who),
            None => r.panel.is_empty(),
        };
        if !on_panel {
            return Err(Error::usage(format!(
                "{}: its edition is unknown: the card's interviewer ({}) is not on its panel ({})",
                shown(&input.path),
                r.interviewer.as_deref().unwrap_or("none"),
                r.panel.join(", ")
            ))
            .with_hint(
                "results files are written by the card; edit neither the interviewer nor the panel",
            ));
        }
    }
    Ok(())
}

/// Every file claiming an edition must agree with the first file claiming it: a file that
/// differs is not a card of that edition, whatever its code says.
fn check_editions(inputs: &[Input]) -> Result<()> {
    let mut editions: BTreeMap<&str, &Input> = BTreeMap::new();
    let mut questions: BTreeMap<(&str, &str), &Input> = BTreeMap::new();
    for input in inputs {
        let r = &input.results;
        let first = *editions.entry(r.fingerprint.as_str()).or_insert(input);
        let f = &first.results;
        let differs = [
            ("role", r.role != f.role),
            ("seniority", r.seniority != f.seniority),
            ("bank", r.bank != f.bank),
            ("rubric", r.rubric != f.rubric),
            ("panel", r.panel != f.panel),
        ];
        let mut what: Vec<String> = differs
            .iter()
            .filter(|(_, d)| *d)
            .map(|(w, _)| (*w).to_owned())
            .collect();
        let mut other = first;
        for q in &r.questions {
            let seen = *questions
                .entry((r.fingerprint.as_str(), q.id.as_str()))
                .or_insert(input);
            if let Some(s) = seen.results.questions.iter().find(|s| s.id == q.id)
                && (s.topic != q.topic
                    || s.level != q.level
                    || s.prompt != q.prompt
                    || s.expected != q.expected)
            {
                what.push(format!("question `{}`", q.id));
                other = seen;
                break;
            }
        }
        if !what.is_empty() {
            return Err(Error::usage(format!(
                "{} and {} both claim edition {}, but differ in their {}: one of them is not a card of that edition, so its edition is unknown",
                shown(&other.path),
                shown(&input.path),
                r.fingerprint,
                what.join(", ")
            ))
            .with_hint("debrief results files as the cards wrote them; a card edited by hand cannot be matched to its panel"));
        }
    }
    Ok(())
}

/// A candidate's results must be of one edition and one interview.
fn check_one_interview(members: &[&Input]) -> Result<()> {
    let first = members[0];
    if let Some(other) = members.iter().find(|i| {
        i.results.fingerprint != first.results.fingerprint || i.results.date != first.results.date
    }) {
        let mut listed: Vec<String> = members
            .iter()
            .map(|i| {
                format!(
                    "{} (edition {}, {})",
                    shown(&i.path),
                    i.results.fingerprint,
                    i.results.date
                )
            })
            .collect();
        listed.dedup();
        return Err(Error::usage(format!(
            "the results for {} are of different editions or interviews: {} and {} differ; all of them: {}",
            name(&first.results),
            shown(&first.path),
            shown(&other.path),
            listed.join("; ")
        ))
        .with_hint("debrief one interview at a time: give only the results of the panel that saw the candidate"));
    }
    Ok(())
}
