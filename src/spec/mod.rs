//! The interview spec: one YAML file per role level, optionally extending a base spec,
//! resolved with command-line overrides and the bank into a checked [`Plan`].

mod extends;
mod file;
mod resolve;

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

pub(crate) use self::extends::Spec;
pub(crate) use self::file::SpecFile;
pub use self::file::{Layout, Paper, RubricLevel, Seniority};

/// Values from the command line that override the spec.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub seed: Option<u64>,
    pub candidate: Option<String>,
    pub date: Option<NaiveDate>,
    pub bank: Option<PathBuf>,
    pub paper: Option<Paper>,
    pub layout: Option<Layout>,
    pub templates: Option<PathBuf>,
    /// `--avoid-asked`.
    pub avoid_asked: bool,
    /// `--ledger FILE`.
    pub ledger: Option<PathBuf>,
    /// `--no-ledger`.
    pub no_ledger: bool,
}

/// What a run remembers: where the ledger is, and whether to avoid what was asked before.
#[derive(Debug, Clone, Default)]
pub(crate) struct Memory {
    /// `None`: nothing is recorded (`--no-ledger`).
    pub ledger: Option<PathBuf>,
    pub avoid_asked: bool,
    pub candidate_id: Option<String>,
}

/// An interviewer of a resolved panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub name: String,
    /// Focus topics (empty: covers the topics nobody owns).
    pub topics: Vec<String>,
}

/// What decides the questions, resolved from a spec against its bank and the command line:
/// every default applied, every name checked. The selection's whole input, and nothing else.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Minutes of questions for one interviewer.
    pub duration: u32,
    /// Questions per interviewer; otherwise as many as fit the duration.
    pub questions: Option<u32>,
    /// Topic id and weight, sorted by id; weights are positive.
    pub topics: Vec<(String, u32)>,
    /// Weight per level (basic, intermediate, advanced, expert).
    pub mix: [u32; 4],
    pub seed: u64,
    pub panel: Vec<Member>,
    pub exclude: BTreeSet<String>,
    /// Question ids this candidate was asked before (from the ledger), also never picked.
    pub asked: BTreeSet<String>,
}

/// How the cards of a plan are presented: who and what they are for, and how they are
/// printed. None of it changes which questions are picked.
#[derive(Debug, Clone)]
pub struct Presentation {
    /// The spec the plan came from.
    pub spec_path: PathBuf,
    pub role: String,
    pub seniority: Seniority,
    pub candidate: Option<String>,
    pub date: NaiveDate,
    pub paper: Paper,
    pub layout: Layout,
    /// Minutes before the questions and after them (the candidate's questions); the slot is
    /// `intro + duration + closing`.
    pub intro: u32,
    pub closing: u32,
    pub rubric: Vec<RubricLevel>,
    pub templates: Option<PathBuf>,
    /// Font files for characters the bundled fonts lack.
    pub fonts: Vec<PathBuf>,
}

impl Plan {
    /// Whether question `id` may not be picked: the spec excludes it, or the candidate was
    /// asked it before.
    pub fn excludes(&self, id: &str) -> bool {
        self.exclude.contains(id) || self.asked.contains(id)
    }

    /// The topics (with weights) one interviewer covers: their focus topics, or for the others
    /// the spec's topics that no focused interviewer owns (none if every topic is owned, which
    /// `select` reports as an error rather than handing them another's topics).
    pub fn member_topics(&self, member: Option<&Member>) -> Vec<(String, u32)> {
        if let Some(m) = member
            && !m.topics.is_empty()
        {
            return self
                .topics
                .iter()
                .filter(|(t, _)| m.topics.contains(t))
                .cloned()
                .collect();
        }
        let owned: BTreeSet<&String> = self.panel.iter().flat_map(|m| m.topics.iter()).collect();
        self.topics
            .iter()
            .filter(|(t, _)| !owned.contains(t))
            .cloned()
            .collect()
    }
}

/// Longest interview accepted, in minutes (a full day).
pub(crate) const MAX_DURATION: u32 = 480;
/// Most questions accepted for one interviewer.
pub(crate) const MAX_QUESTIONS: u32 = 100;

/// The default rubric: the four anchored levels of a common structured-interview scale.
pub fn default_rubric() -> Vec<RubricLevel> {
    [
        (
            "Poor",
            "Could not answer, or answered wrongly; needed the answer given.",
        ),
        (
            "Borderline",
            "Partly right; gaps or errors on key points; needed heavy prompting.",
        ),
        (
            "Solid",
            "Correct on the expected points with little prompting; clear reasoning.",
        ),
        (
            "Outstanding",
            "Complete and precise; raised trade-offs, edge cases or real experience unprompted.",
        ),
    ]
    .into_iter()
    .map(|(label, anchor)| RubricLevel {
        label: label.to_owned(),
        anchor: anchor.to_owned(),
    })
    .collect()
}

/// The seed used when neither the spec nor the command line gives one: derived from the role,
/// so every candidate for the same role gets the same questions (structured interviewing).
pub(crate) fn default_seed(role: &str) -> u64 {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(role.trim().to_lowercase().as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(bytes) % 1_000_000
}

/// Longest role, candidate or interviewer name accepted, in characters: far more than any real
/// name, and short enough that headers, footers and file names stay cheap to lay out.
pub(crate) const MAX_NAME_CHARS: usize = 500;

/// Parse a YYYY-MM-DD date; the error is a hint for the user.
pub(crate) fn parse_date(text: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| "write dates as YYYY-MM-DD, e.g. 2026-11-24".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_mixes_are_percentages() {
        for s in Seniority::ALL {
            assert_eq!(s.default_mix().iter().sum::<u32>(), 100, "{s:?}");
        }
    }

    #[test]
    fn default_seed_depends_on_role_only() {
        assert_eq!(
            default_seed("Senior Python Engineer"),
            default_seed(" senior python engineer ")
        );
        assert_ne!(
            default_seed("Senior Python Engineer"),
            default_seed("Junior Python Engineer")
        );
    }

    #[test]
    fn dates_parse_strictly() {
        assert!(parse_date("2026-11-24").is_ok());
        assert!(parse_date("24/11/2026").is_err());
    }
}
