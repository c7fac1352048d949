//! `scorecard history`: who was asked which questions, and when, as the ledger tells it.

use std::fmt::Write as _;
use std::path::Path;

use crate::error::{Error, Result};
use crate::ledger::{Entry, Ledger, Who};

/// The history of one candidate (or everyone) in a ledger, as a table or as JSON.
pub(crate) fn show(path: &Path, candidate: Option<&str>, json: bool) -> Result<String> {
    if !path.exists() {
        return Err(
            Error::usage(format!("no ledger at {}", path.display())).with_hint(
                "`generate` writes ledger.jsonl into its output folder; name another with --ledger",
            ),
        );
    }
    let ledger = Ledger::open(path)?;
    let who = candidate.map(|c| Who::Any(crate::ledger::person_key(c)));
    let entries = ledger.select(who.as_ref())?;
    if json {
        let mut text = serde_json::to_string_pretty(&entries)
            .map_err(|e| Error::internal(format!("history as JSON: {e}")))?;
        text.push('\n');
        return Ok(text);
    }
    if entries.is_empty() {
        return Ok(match candidate {
            Some(who) => format!("{who}: no cards in {}\n", path.display()),
            None => format!("no cards in {}\n", path.display()),
        });
    }
    Ok(table(&entries))
}

/// Cards grouped by candidate (first seen first), each candidate's by date.
fn table(entries: &[Entry]) -> String {
    let mut groups: Vec<(String, Vec<&Entry>)> = Vec::new();
    for e in entries {
        let name = e
            .candidate
            .clone()
            .unwrap_or_else(|| "(no candidate)".into());
        let label = match &e.candidate_id {
            Some(id) if Some(id) != e.candidate.as_ref() => format!("{name} <{id}>"),
            _ => name,
        };
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, list)) => list.push(e),
            None => groups.push((label, vec![e])),
        }
    }
    let mut out = String::new();
    for (label, mut cards) in groups {
        cards.sort_by(|a, b| a.date.cmp(&b.date));
        let cards = distinct(cards);
        let _ = writeln!(out, "{label}: {} card(s)", cards.len());
        for e in cards {
            let who = e.interviewer.as_deref().unwrap_or("-");
            let _ = writeln!(
                out,
                "  {}  {} ({})  interviewer {who}  edition {}",
                e.date, e.role, e.seniority, e.fingerprint
            );
            let _ = writeln!(out, "    asked: {}", e.questions.join(", "));
        }
    }
    out
}

/// The note a run prints when it avoids what a candidate was asked before.
pub(crate) fn matched(name: &str, ledger: &Path, earlier: &[Entry], questions: usize) -> String {
    if earlier.is_empty() {
        return format!(
            "{name} has no earlier cards in {}; nothing to avoid",
            ledger.display()
        );
    }
    let mut cards: Vec<&Entry> = earlier.iter().collect();
    cards.sort_by(|a, b| a.date.cmp(&b.date));
    let cards: Vec<String> = distinct(cards)
        .into_iter()
        .map(|e| {
            let who = e
                .interviewer
                .as_deref()
                .map_or(String::new(), |i| format!(", {i}"));
            format!("{} {}{who} (edition {})", e.date, e.role, e.fingerprint)
        })
        .collect();
    format!(
        "{name} was asked {questions} question(s) of this bank before, on {} card(s) in {}: {}",
        cards.len(),
        ledger.display(),
        cards.join("; ")
    )
}

/// A card written again (the same date, edition and interviewer) counts once; `cards` is
/// sorted by date.
fn distinct(cards: Vec<&Entry>) -> Vec<&Entry> {
    let mut out: Vec<&Entry> = Vec::with_capacity(cards.len());
    for e in cards {
        let seen = out.iter().any(|o| {
            (&o.date, &o.fingerprint, &o.interviewer) == (&e.date, &e.fingerprint, &e.interviewer)
        });
        if !seen {
            out.push(e);
        }
    }
    out
}
