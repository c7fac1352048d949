//! The spec file as written: every key optional, so that a spec can extend a base; after
//! merging, `role`, `seniority` and `duration` are required.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::bank::Level;

/// The seniority of the role being hired for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Seniority {
    Junior,
    Mid,
    Senior,
    Staff,
    Principal,
}

impl Seniority {
    pub const ALL: [Seniority; 5] = [
        Seniority::Junior,
        Seniority::Mid,
        Seniority::Senior,
        Seniority::Staff,
        Seniority::Principal,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Seniority::Junior => "junior",
            Seniority::Mid => "mid",
            Seniority::Senior => "senior",
            Seniority::Staff => "staff",
            Seniority::Principal => "principal",
        }
    }

    /// The default share of questions per level, in percent (basic, intermediate, advanced,
    /// expert). A role draws mostly from its own band and some from the bands beside it.
    pub fn default_mix(self) -> [u32; 4] {
        match self {
            Seniority::Junior => [50, 40, 10, 0],
            Seniority::Mid => [20, 50, 30, 0],
            Seniority::Senior => [0, 30, 50, 20],
            Seniority::Staff => [0, 10, 50, 40],
            Seniority::Principal => [0, 0, 40, 60],
        }
    }
}

/// Paper size of the printed card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }
}

/// How the printed card uses its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// A question a page, the rest of the page to write on.
    #[default]
    Roomy,
    /// Whole questions packed on pages, each with a few evidence lines.
    Compact,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Roomy => "roomy",
            Layout::Compact => "compact",
        }
    }
}

/// An interviewer of a panel.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PanelMemberFile {
    /// Printed on this interviewer's copy.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Focus topics this interviewer covers; without them, the topics no one else owns.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub topics: Option<Vec<Spanned<String>>>,
}

/// One level of the scoring rubric: a short label and its behavioural anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricLevel {
    /// Short name of the level, e.g. "Solid".
    pub label: String,
    /// What an answer at this level looks like, in words.
    pub anchor: String,
}

/// A spec file as written. Every key is optional here so that a spec can extend a base;
/// after merging, `role`, `seniority` and `duration` are required.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SpecFile {
    /// The job title, e.g. "Senior Python Engineer".
    #[schemars(with = "Option<String>")]
    pub role: Option<Spanned<String>>,
    /// junior, mid, senior, staff or principal.
    pub seniority: Option<Seniority>,
    /// Minutes of questions for one interviewer.
    #[schemars(with = "Option<u32>")]
    pub duration: Option<Spanned<u32>>,
    /// Number of questions per interviewer; otherwise as many as fit the duration.
    #[schemars(with = "Option<u32>")]
    pub questions: Option<Spanned<u32>>,
    /// Topic id to weight; default: every topic of the bank, equal weight.
    #[schemars(with = "Option<BTreeMap<String, u32>>")]
    pub topics: Option<BTreeMap<String, Spanned<u32>>>,
    /// Level to weight (percent), overriding the seniority's default mix.
    pub mix: Option<BTreeMap<Level, u32>>,
    /// Bank folder, relative to this file; default: the bundled Python bank.
    #[schemars(with = "Option<String>")]
    pub bank: Option<Spanned<String>>,
    /// Same spec + bank + seed = same questions.
    pub seed: Option<u64>,
    /// The candidate's name; `--candidate` overrides.
    pub candidate: Option<String>,
    /// Interview date, YYYY-MM-DD; `--date` overrides; default today.
    #[schemars(with = "Option<String>")]
    pub date: Option<Spanned<String>>,
    /// One scorecard per interviewer, with no question shared.
    pub panel: Option<Vec<PanelMemberFile>>,
    /// Question ids never to pick (already asked).
    #[schemars(with = "Option<Vec<String>>")]
    pub exclude: Option<Vec<Spanned<String>>>,
    /// a4 or letter.
    pub paper: Option<Paper>,
    /// roomy (a question a page, room to write) or compact (questions packed, a few evidence
    /// lines each); `--layout` overrides.
    pub layout: Option<Layout>,
    /// Minutes before the questions (welcome, introductions); default 0.
    #[schemars(with = "Option<u32>")]
    pub intro: Option<Spanned<u32>>,
    /// Minutes after the questions for the candidate's own questions; default 0.
    #[schemars(with = "Option<u32>")]
    pub closing: Option<Spanned<u32>>,
    /// A base spec, relative to this file; this file's keys win.
    pub extends: Option<String>,
    /// Custom rubric levels, lowest first (default: poor, borderline, solid, outstanding).
    #[schemars(with = "Option<Vec<RubricLevel>>")]
    pub rubric: Option<Spanned<Vec<RubricLevel>>>,
    /// A folder of templates replacing the built-in ones, relative to this file.
    pub templates: Option<String>,
    /// Font files (TrueType, OpenType or collections) for characters the bundled fonts lack,
    /// relative to this file; looked in after `--font`'s, before the machine's.
    pub fonts: Option<Vec<String>>,
    /// Never pick what the ledger says this candidate was asked before.
    pub avoid_asked: Option<bool>,
    /// Who the candidate is for the ledger, e.g. an e-mail address (default: the name).
    pub candidate_id: Option<String>,
    /// The ledger file, relative to this file (default: `ledger.jsonl` in the output folder).
    pub ledger: Option<String>,
}
