//! The interview spec: one YAML file per role level, optionally extending a base spec,
//! resolved with command-line overrides and the bank into a checked [`Plan`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::bank::{Bank, Level};
use crate::error::{Error, Origin, Result, did_you_mean};
use crate::yaml;

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
pub struct PanelMemberFile {
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
pub struct SpecFile {
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
    /// Never pick what the ledger says this candidate was asked before.
    pub avoid_asked: Option<bool>,
    /// Who the candidate is for the ledger, e.g. an e-mail address (default: the name).
    pub candidate_id: Option<String>,
    /// The ledger file, relative to this file (default: `ledger.jsonl` in the output folder).
    pub ledger: Option<String>,
}

/// A spec with its `extends` chain merged, remembering which file gave each key.
#[derive(Debug, Clone)]
pub struct Spec {
    pub path: PathBuf,
    pub file: SpecFile,
    sources: BTreeMap<&'static str, PathBuf>,
}

impl Spec {
    /// Read a spec and the specs it extends.
    pub fn load(path: &Path) -> Result<Spec> {
        let mut chain: Vec<PathBuf> = Vec::new();
        load_chain(path, &mut chain)
    }

    /// The file that gave `key` (the spec itself when no layer did).
    pub fn source(&self, key: &str) -> &Path {
        self.sources
            .get(key)
            .map_or(self.path.as_path(), PathBuf::as_path)
    }

    fn origin<T>(&self, key: &str, spanned: &Spanned<T>) -> Origin {
        Origin::of(self.source(key), spanned)
    }

    /// A path-valued key resolved against the folder of the file that set it.
    fn relative_path(&self, key: &str, value: &str) -> PathBuf {
        let base = self.source(key).parent().unwrap_or_else(|| Path::new(""));
        base.join(value)
    }
}

/// Keys whose value the base gives unless the extending file sets them.
macro_rules! merge_keys {
    ($child:expr, $base:expr, $sources:expr, $child_path:expr, $($key:ident),*) => {
        $(
            if $child.$key.is_some() {
                $sources.insert(stringify!($key), $child_path.to_path_buf());
            } else {
                $child.$key = $base.$key.take();
            }
        )*
    };
}

/// Deepest chain of `extends` accepted; real setups need two or three.
const MAX_EXTENDS_DEPTH: usize = 16;

fn load_chain(path: &Path, chain: &mut Vec<PathBuf>) -> Result<Spec> {
    let text = yaml::read_text(path, yaml::MAX_SPEC_BYTES, "spec file")?;
    let mut file: SpecFile = yaml::parse(path, &text)?;
    let identity = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if chain.contains(&identity) {
        let cycle: Vec<String> = chain
            .iter()
            .chain(std::iter::once(&identity))
            .map(|p| p.display().to_string())
            .collect();
        return Err(
            Error::input(extends_origin(path, &text), "`extends` forms a cycle").with_hint(
                format!("the chain is {}; remove one `extends`", cycle.join(" -> ")),
            ),
        );
    }
    if chain.len() >= MAX_EXTENDS_DEPTH {
        return Err(Error::input(
            Origin::file(path),
            format!("`extends` goes more than {MAX_EXTENDS_DEPTH} files deep"),
        ));
    }
    chain.push(identity);
    let mut sources = BTreeMap::new();
    let Some(extends) = file.extends.clone() else {
        return Ok(Spec {
            path: path.to_path_buf(),
            file,
            sources,
        });
    };
    let base_path = path
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join(&extends);
    if !base_path.is_file() {
        let origin = extends_origin(path, &text);
        let what = if base_path.is_dir() {
            "is a folder, not a spec file"
        } else {
            "does not exist"
        };
        return Err(
            Error::input(origin, format!("the base spec `{extends}` {what}")).with_hint(format!(
                "`extends` is relative to this file's folder; looked for {}",
                base_path.display()
            )),
        );
    }
    let mut base = load_chain(&base_path, chain)?;
    sources.append(&mut base.sources);
    merge_keys!(
        file,
        base.file,
        sources,
        path,
        role,
        seniority,
        duration,
        questions,
        topics,
        mix,
        bank,
        seed,
        candidate,
        date,
        panel,
        exclude,
        paper,
        layout,
        intro,
        closing,
        rubric,
        templates,
        avoid_asked,
        candidate_id,
        ledger
    );
    // Keys the base gave keep the base's file as their source (for errors and relative paths).
    for key in [
        "role",
        "seniority",
        "duration",
        "questions",
        "topics",
        "mix",
        "bank",
        "seed",
        "candidate",
        "date",
        "panel",
        "exclude",
        "paper",
        "layout",
        "intro",
        "closing",
        "rubric",
        "templates",
        "avoid_asked",
        "candidate_id",
        "ledger",
    ] {
        sources.entry(key).or_insert_with(|| base.path.clone());
    }
    Ok(Spec {
        path: path.to_path_buf(),
        file,
        sources,
    })
}

/// The line of a spec's `extends:` key (the key is a plain string, so it has no span).
fn extends_origin(path: &Path, text: &str) -> Origin {
    text.lines()
        .position(|l| l.starts_with("extends:"))
        .map_or_else(|| Origin::file(path), |i| Origin::at(path, i as u64 + 1, 1))
}

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
pub struct Memory {
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

/// A spec resolved against its bank and the command line: every default applied, every
/// name checked. The selection and the renderers see only this.
#[derive(Debug, Clone)]
pub struct Plan {
    pub spec_path: PathBuf,
    pub role: String,
    pub seniority: Seniority,
    pub duration: u32,
    pub questions: Option<u32>,
    /// Topic id and weight, sorted by id; weights are positive.
    pub topics: Vec<(String, u32)>,
    /// Weight per level (basic, intermediate, advanced, expert).
    pub mix: [u32; 4],
    pub seed: u64,
    pub candidate: Option<String>,
    pub date: NaiveDate,
    pub panel: Vec<Member>,
    pub exclude: BTreeSet<String>,
    /// Question ids this candidate was asked before (from the ledger), also never picked.
    pub asked: BTreeSet<String>,
    pub paper: Paper,
    pub layout: Layout,
    /// Minutes before the questions and after them (the candidate's questions); the slot is
    /// `intro + duration + closing`.
    pub intro: u32,
    pub closing: u32,
    pub rubric: Vec<RubricLevel>,
    pub templates: Option<PathBuf>,
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
pub const MAX_DURATION: u32 = 480;
/// Most questions accepted for one interviewer.
pub const MAX_QUESTIONS: u32 = 100;

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
pub fn default_seed(role: &str) -> u64 {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(role.trim().to_lowercase().as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(bytes) % 1_000_000
}

impl Spec {
    /// Where the bank is: `--bank`, else the spec's `bank` (relative to its file), else `None`
    /// for the bundled bank.
    pub fn bank_dir(&self, overrides: &Overrides) -> Option<PathBuf> {
        if let Some(dir) = &overrides.bank {
            return Some(dir.clone());
        }
        self.file
            .bank
            .as_ref()
            .map(|b| self.relative_path("bank", &b.value))
    }

    /// Where the spec names its bank (`bank:`), for errors about that folder; `None` when the
    /// bank comes from `--bank` or is the bundled one.
    pub fn bank_origin(&self, overrides: &Overrides) -> Option<Origin> {
        if overrides.bank.is_some() {
            return None;
        }
        self.file.bank.as_ref().map(|b| self.origin("bank", b))
    }

    /// Where the ledger is and whether to avoid what was asked before: the command line
    /// first, then the spec, then the default ledger in the output folder `out`.
    pub fn memory(&self, overrides: &Overrides, out: &Path) -> Result<Memory> {
        let f = &self.file;
        let avoid_asked = overrides.avoid_asked || f.avoid_asked.unwrap_or(false);
        let candidate_id = f
            .candidate_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        if let Some(id) = &candidate_id {
            check_name_length(
                "candidate_id",
                id,
                Origin::file(self.source("candidate_id")),
            )?;
        }
        if overrides.no_ledger {
            if avoid_asked {
                let source = if overrides.avoid_asked {
                    "--avoid-asked"
                } else {
                    "the spec's `avoid_asked: true`"
                };
                return Err(Error::usage(format!(
                    "{source} needs the ledger, and --no-ledger turns it off"
                ))
                .with_hint("drop --no-ledger, or --avoid-asked / `avoid_asked`"));
            }
            return Ok(Memory::default());
        }
        let ledger = overrides
            .ledger
            .clone()
            .or_else(|| f.ledger.as_deref().map(|l| self.relative_path("ledger", l)))
            .unwrap_or_else(|| out.join(crate::ledger::DEFAULT_NAME));
        Ok(Memory {
            ledger: Some(ledger),
            avoid_asked,
            candidate_id,
        })
    }

    /// Check the spec against the bank and apply defaults and overrides.
    pub fn resolve(&self, overrides: &Overrides, bank: &Bank, today: NaiveDate) -> Result<Plan> {
        let f = &self.file;
        let missing = |key: &str, example: &str| {
            Error::input(
                Origin::file(&self.path),
                format!("missing required key `{key}`"),
            )
            .with_hint(format!("add a line such as `{key}: {example}`"))
        };
        let role_s = f
            .role
            .as_ref()
            .ok_or_else(|| missing("role", "Senior Python Engineer"))?;
        let role = role_s.value.clone();
        if role.trim().is_empty() {
            return Err(Error::input(self.origin("role", role_s), "`role` is empty")
                .with_hint("give the job title, e.g. `role: Senior Python Engineer`"));
        }
        check_name_length("role", &role, self.origin("role", role_s))?;
        let seniority = f.seniority.ok_or_else(|| missing("seniority", "senior"))?;
        let duration_s = f
            .duration
            .as_ref()
            .ok_or_else(|| missing("duration", "60"))?;
        let duration = duration_s.value;
        if duration == 0 || duration > MAX_DURATION {
            return Err(Error::input(
                self.origin("duration", duration_s),
                format!("duration {duration} is out of range"),
            )
            .with_hint(format!(
                "give the minutes of questions for one interviewer, from 1 to {MAX_DURATION}"
            )));
        }
        let extra_minutes = |key: &str, value: Option<&Spanned<u32>>| -> Result<u32> {
            match value {
                Some(m) if m.value > MAX_DURATION => Err(Error::input(
                    self.origin(key, m),
                    format!("{key} {} is out of range", m.value),
                )
                .with_hint(format!(
                    "give the minutes {}, from 0 to {MAX_DURATION}",
                    if key == "intro" {
                        "before the questions"
                    } else {
                        "left for the candidate's questions"
                    }
                ))),
                Some(m) => Ok(m.value),
                None => Ok(0),
            }
        };
        let intro = extra_minutes("intro", f.intro.as_ref())?;
        let closing = extra_minutes("closing", f.closing.as_ref())?;
        let questions = match &f.questions {
            Some(q) if q.value == 0 || q.value > MAX_QUESTIONS => {
                return Err(Error::input(self.origin("questions", q), format!("questions {} is out of range", q.value))
                    .with_hint(format!("ask for 1 to {MAX_QUESTIONS} questions, or leave `questions` out to fill the duration")));
            }
            Some(q) => Some(q.value),
            None => None,
        };

        let known: Vec<&str> = bank.topic_ids().collect();
        let check_topic = |name: &str, origin: Origin| -> Result<()> {
            if known.contains(&name) {
                return Ok(());
            }
            Err(
                Error::input(origin, format!("unknown topic `{name}`")).with_hint(
                    did_you_mean(name, known.iter().copied()).unwrap_or_else(|| {
                        format!("the bank `{}` has: {}", bank.name, known.join(", "))
                    }),
                ),
            )
        };
        let topics: Vec<(String, u32)> = match &f.topics {
            None => known.iter().map(|t| ((*t).to_owned(), 1)).collect(),
            Some(map) => {
                for (name, weight) in map {
                    check_topic(name, self.origin("topics", weight))?;
                }
                let topics: Vec<(String, u32)> = map
                    .iter()
                    .filter(|(_, w)| w.value > 0)
                    .map(|(n, w)| (n.clone(), w.value))
                    .collect();
                if topics.is_empty() {
                    return Err(Error::input(
                        Origin::file(self.source("topics")),
                        "every topic has weight 0",
                    )
                    .with_hint("give at least one topic a positive weight"));
                }
                topics
            }
        };

        let mix = match &f.mix {
            None => seniority.default_mix(),
            Some(map) => {
                let mut mix = [0; 4];
                for (level, weight) in map {
                    mix[level.index()] = *weight;
                }
                if mix.iter().all(|w| *w == 0) {
                    return Err(Error::input(
                        Origin::file(self.source("mix")),
                        "every level in `mix` has weight 0",
                    )
                    .with_hint(
                        "give at least one level a positive share, e.g. `mix: {advanced: 100}`",
                    ));
                }
                mix
            }
        };

        let mut panel = Vec::new();
        for member in f.panel.iter().flatten() {
            let name = member.name.value.trim().to_owned();
            let at = self.origin("panel", &member.name);
            check_name_length("panel", &name, at.clone())?;
            if name.is_empty() {
                return Err(Error::input(at, "a panel member has an empty `name`")
                    .with_hint("give the interviewer's name as it should be printed"));
            }
            if panel.iter().any(|m: &Member| m.name == name) {
                return Err(Error::input(at, format!("`{name}` is on the panel twice"))
                    .with_hint("each interviewer gets one scorecard; list each name once"));
            }
            let mut focus = Vec::new();
            for topic in member.topics.iter().flatten() {
                let origin = self.origin("panel", topic);
                check_topic(&topic.value, origin.clone())?;
                if !topics.iter().any(|(t, _)| *t == topic.value) {
                    return Err(Error::input(origin, format!("`{}` focuses on topic `{}`, which the spec's `topics` leave out", name, topic.value))
                        .with_hint("add the topic to `topics` with a weight, or remove it from this interviewer"));
                }
                if !focus.contains(&topic.value) {
                    focus.push(topic.value.clone());
                }
            }
            panel.push(Member {
                name,
                topics: focus,
            });
        }

        let mut exclude = BTreeSet::new();
        for id in f.exclude.iter().flatten() {
            if bank.question(&id.value).is_none() {
                let hint = did_you_mean(&id.value, bank.questions.iter().map(|q| q.id.as_str()))
                    .unwrap_or_else(|| {
                        "`exclude` takes question ids from the bank (see `scorecard bank stats`)"
                            .to_owned()
                    });
                return Err(Error::input(
                    self.origin("exclude", id),
                    format!("unknown question id `{}`", id.value),
                )
                .with_hint(hint));
            }
            exclude.insert(id.value.clone());
        }

        let date = match (overrides.date, &f.date) {
            (Some(date), _) => date,
            (None, Some(text)) => parse_date(&text.value).map_err(|hint| {
                Error::input(
                    self.origin("date", text),
                    format!("`{}` is not a date", text.value),
                )
                .with_hint(hint)
            })?,
            (None, None) => today,
        };

        let rubric_at = f.rubric.as_ref().map_or_else(
            || Origin::file(self.source("rubric")),
            |r| self.origin("rubric", r),
        );
        let rubric = f
            .rubric
            .as_ref()
            .map_or_else(default_rubric, |r| r.value.clone());
        if rubric.len() < 2 || rubric.len() > 7 {
            return Err(
                Error::input(rubric_at, format!("the rubric has {} levels", rubric.len()))
                    .with_hint(
                        "give 2 to 7 levels, lowest first, each with a `label` and an `anchor`",
                    ),
            );
        }
        if let Some(level) = rubric.iter().find(|l| l.label.trim().is_empty()) {
            return Err(Error::input(
                rubric_at,
                format!(
                    "a rubric level has an empty label (anchor: {})",
                    level.anchor
                ),
            ));
        }

        if let Some(name) = &f.candidate {
            check_name_length("candidate", name, Origin::file(self.source("candidate")))?;
        }
        if let Some(name) = &overrides.candidate
            && name.chars().count() > MAX_NAME_CHARS
        {
            return Err(Error::usage(format!(
                "--candidate is {} characters long; at most {MAX_NAME_CHARS} are allowed",
                name.chars().count()
            ))
            .with_hint("give the candidate's name as it should be printed"));
        }
        let candidate = overrides
            .candidate
            .clone()
            .or_else(|| f.candidate.clone())
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        let templates = overrides.templates.clone().or_else(|| {
            f.templates
                .as_deref()
                .map(|t| self.relative_path("templates", t))
        });
        let seed = overrides
            .seed
            .or(f.seed)
            .unwrap_or_else(|| default_seed(&role));
        Ok(Plan {
            spec_path: self.path.clone(),
            role: role.trim().to_owned(),
            seniority,
            duration,
            questions,
            topics,
            mix,
            seed,
            candidate,
            date,
            panel,
            exclude,
            asked: BTreeSet::new(),
            paper: overrides.paper.or(f.paper).unwrap_or_default(),
            layout: overrides.layout.or(f.layout).unwrap_or_default(),
            intro,
            closing,
            rubric,
            templates,
        })
    }
}

/// Longest role, candidate or interviewer name accepted, in characters: far more than any real
/// name, and short enough that headers, footers and file names stay cheap to lay out.
pub const MAX_NAME_CHARS: usize = 500;

fn check_name_length(key: &str, name: &str, origin: Origin) -> Result<()> {
    let count = name.chars().count();
    if count <= MAX_NAME_CHARS {
        return Ok(());
    }
    Err(Error::input(
        origin,
        format!("a `{key}` name is {count} characters long; at most {MAX_NAME_CHARS} are allowed"),
    )
    .with_hint("shorten it to the name as it should be printed on the card"))
}

/// Parse a YYYY-MM-DD date; the error is a hint for the user.
pub fn parse_date(text: &str) -> std::result::Result<NaiveDate, String> {
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
