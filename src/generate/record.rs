//! Recording the cards a run wrote: one ledger line per card, grouped by ledger.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Job, Written};
use crate::error::{Error, Result};
use crate::ledger::Entry;
use crate::render::Piece;

/// Append one ledger line per card written, grouped by ledger.
pub(super) fn record(jobs: &[Job], written: &[Written], out: &Path) -> Result<()> {
    let recorded = crate::ledger::now();
    let mut by_ledger: BTreeMap<&Path, Vec<Entry>> = BTreeMap::new();
    for (j, job) in jobs.iter().enumerate() {
        let Some(ledger) = &job.ledger else { continue };
        let edition = &job.edition;
        let name = |path: &PathBuf| {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let json: Vec<String> = written
            .iter()
            .filter(|(i, piece, _)| *i == j && *piece == Piece::Json)
            .map(|(_, _, path)| name(path))
            .collect();
        for (c, card) in edition.scorecards.iter().enumerate() {
            let mut files: Vec<String> = written
                .iter()
                .filter(|(i, piece, _)| {
                    *i == j && matches!(piece, Piece::Card { card, .. } if *card == c)
                })
                .map(|(_, _, path)| name(path))
                .collect();
            files.extend(json.iter().cloned());
            by_ledger.entry(ledger).or_default().push(Entry {
                date: edition.date.clone(),
                candidate: edition.candidate.clone(),
                candidate_id: job
                    .candidate_id
                    .clone()
                    .or_else(|| edition.candidate.clone()),
                role: edition.role.clone(),
                seniority: edition.seniority.name().to_owned(),
                interviewer: card.interviewer.clone(),
                fingerprint: edition.fingerprint.clone(),
                questions: card.questions.iter().map(|q| q.id.clone()).collect(),
                files,
                folder: Some(out.display().to_string()),
                recorded: Some(recorded.clone()),
            });
        }
    }
    for (ledger, entries) in by_ledger {
        crate::ledger::append(ledger, &entries).map_err(|error| {
            Error::usage(format!(
                "the cards were written, but recording them in the ledger failed: {error}"
            ))
            .with_hint("the cards are complete; run `generate` again to record them")
        })?;
    }
    Ok(())
}
