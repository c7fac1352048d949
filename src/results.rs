//! Results: one interviewer's filled-in card as data (`scorecard-results/1`), as the HTML's
//! "Save results" writes it and `scorecard results` reads it back. A results file carries its
//! questions' prompts and expected points, so it stands on its own; reading one checks that it
//! is consistent with the card it claims to be.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::bank::Level;
use crate::edition::{Edition, Scorecard};
use crate::error::{Error, Origin, Result};

/// The value of `format` in every results file of this version.
pub(crate) const FORMAT: &str = "scorecard-results/1";

/// One interviewer's results for one card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Results {
    /// Always `scorecard-results/1`.
    pub format: String,
    /// The edition code printed on the card.
    pub fingerprint: String,
    pub bank: BankRef,
    pub role: String,
    pub seniority: String,
    pub candidate: Option<String>,
    /// The interview date, YYYY-MM-DD.
    pub date: String,
    /// Whose card this is; null without a panel.
    pub interviewer: Option<String>,
    /// Everyone on the panel (empty without one).
    #[serde(default)]
    pub panel: Vec<String>,
    /// The rubric's labels, lowest first; a score is 1 to their number.
    pub rubric: Vec<String>,
    pub questions: Vec<Answer>,
    /// Free text per topic id.
    #[serde(default)]
    pub topic_comments: BTreeMap<String, String>,
    pub recommendation: Option<Recommendation>,
    #[serde(default)]
    pub reasons: String,
    #[serde(default)]
    pub candidate_questions: String,
    #[serde(default)]
    pub notes: String,
}

/// The bank a card was drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BankRef {
    pub name: String,
    pub version: String,
}

/// One question as asked and scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Answer {
    pub id: String,
    pub topic: String,
    pub level: Level,
    pub prompt: String,
    /// The expected answer points, in the card's order.
    pub expected: Vec<String>,
    /// One per expected point: whether the candidate covered it.
    pub points: Vec<bool>,
    /// 1 (the rubric's lowest level) to the number of levels; null when not scored.
    pub score: Option<u32>,
    #[serde(default)]
    pub notes: String,
}

/// The overall recommendation: no neutral option.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Recommendation {
    StrongNo,
    No,
    Yes,
    StrongYes,
}

impl Recommendation {
    pub const ALL: [Recommendation; 4] = [
        Recommendation::StrongNo,
        Recommendation::No,
        Recommendation::Yes,
        Recommendation::StrongYes,
    ];

    /// The value as written in results files (`strong-no` …).
    pub fn id(self) -> &'static str {
        match self {
            Recommendation::StrongNo => "strong-no",
            Recommendation::No => "no",
            Recommendation::Yes => "yes",
            Recommendation::StrongYes => "strong-yes",
        }
    }

    /// Whether this is on the hiring side of the line.
    pub fn is_yes(self) -> bool {
        matches!(self, Recommendation::Yes | Recommendation::StrongYes)
    }
}

impl Results {
    /// The empty results of one card of an edition: nothing ticked, scored or written.
    pub fn blank(edition: &Edition, card: &Scorecard) -> Results {
        Results {
            format: FORMAT.to_owned(),
            fingerprint: edition.fingerprint.clone(),
            bank: BankRef {
                name: edition.bank.name.clone(),
                version: edition.bank.version.clone(),
            },
            role: edition.role.clone(),
            seniority: edition.seniority.name().to_owned(),
            candidate: edition.candidate.clone(),
            date: edition.date.clone(),
            interviewer: card.interviewer.clone(),
            panel: edition
                .scorecards
                .iter()
                .filter_map(|c| c.interviewer.clone())
                .collect(),
            rubric: edition.rubric.iter().map(|r| r.label.clone()).collect(),
            questions: card
                .questions
                .iter()
                .map(|q| Answer {
                    id: q.id.clone(),
                    topic: q.topic.clone(),
                    level: q.level,
                    prompt: q.prompt.clone(),
                    expected: q.expected.clone(),
                    points: vec![false; q.expected.len()],
                    score: None,
                    notes: String::new(),
                })
                .collect(),
            topic_comments: BTreeMap::new(),
            recommendation: None,
            reasons: String::new(),
            candidate_questions: String::new(),
            notes: String::new(),
        }
    }

    /// What is wrong with these results, in the interviewer's words (empty when nothing is):
    /// the format, points that do not match the expected points, scores outside the rubric,
    /// questions twice, comments on topics the card does not have.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.format != FORMAT {
            out.push(format!(
                "`format` is `{}`; this version of scorecard reads `{FORMAT}`",
                self.format
            ));
        }
        if self.rubric.len() < 2 {
            out.push(format!(
                "the rubric has {} level(s); a card has at least 2",
                self.rubric.len()
            ));
        }
        if self.questions.is_empty() {
            out.push("there are no questions".to_owned());
        }
        let mut seen = BTreeSet::new();
        for (i, q) in self.questions.iter().enumerate() {
            let n = i + 1;
            if !seen.insert(q.id.as_str()) {
                out.push(format!("question {n} (`{}`) appears twice", q.id));
            }
            if q.points.len() != q.expected.len() {
                out.push(format!(
                    "question {n} (`{}`) has {} expected point(s) but {} tick(s)",
                    q.id,
                    q.expected.len(),
                    q.points.len()
                ));
            }
            if let Some(score) = q.score
                && (score == 0 || score as usize > self.rubric.len())
            {
                out.push(format!(
                    "question {n} (`{}`) is scored {score}; the rubric goes from 1 to {}",
                    q.id,
                    self.rubric.len()
                ));
            }
        }
        let topics: BTreeSet<&str> = self.questions.iter().map(|q| q.topic.as_str()).collect();
        for topic in self.topic_comments.keys() {
            if !topics.contains(topic.as_str()) {
                out.push(format!(
                    "there is a comment on topic `{topic}`, which none of the questions has"
                ));
            }
        }
        out
    }

    /// Whether these are results of `card` of `edition`: the same edition, candidate,
    /// interviewer, date, and the same questions with the same expected points.
    pub fn matches(&self, edition: &Edition, card: &Scorecard) -> bool {
        let blank = Results::blank(edition, card);
        self.fingerprint == blank.fingerprint
            && self.candidate == blank.candidate
            && self.interviewer == blank.interviewer
            && self.date == blank.date
            && self.questions.len() == blank.questions.len()
            && self
                .questions
                .iter()
                .zip(&blank.questions)
                .all(|(a, b)| a.id == b.id && a.expected == b.expected)
    }
}

/// Largest results file or filled PDF read: a card with its fonts is about 100 KB; this leaves
/// room for any real one and stops a wrong file (a video, 50 MB of junk) early.
pub(crate) const MAX_INPUT_BYTES: u64 = 16 << 20;

impl Results {
    /// The file name stem of these results: the card's own stem (date, role, candidate,
    /// interviewer) and `-results`.
    pub fn stem(&self) -> String {
        use crate::render::slug;
        let mut parts = vec![self.date.clone(), slug(&self.role)];
        parts.extend(self.candidate.as_deref().map(slug));
        parts.extend(self.interviewer.as_deref().map(slug));
        parts.push("results".to_owned());
        parts.join("-")
    }
}

/// The files named on a command line: files as they are, folders as the results files
/// (`.json`) and PDFs in them, in name order.
pub(crate) fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| Error::io(format!("reading folder {}", path.display()), e))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension().is_some_and(|e| {
                            e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("pdf")
                        })
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::input(
                    Origin::file(path),
                    "this folder holds no results files (.json) or PDFs",
                ));
            }
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Read one results file or filled PDF and check it.
pub(crate) fn read(path: &Path) -> Result<Results> {
    let bytes = crate::yaml::read_bytes(path, MAX_INPUT_BYTES, "results file or filled scorecard")?;
    from_bytes(path, &bytes)
}

/// Read results from the bytes of a results file or filled PDF named `path`, and check them.
pub(crate) fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Results> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::input(
            Origin::file(path),
            format!(
                "is larger than {} MB; a results file or a filled scorecard is far smaller",
                MAX_INPUT_BYTES >> 20
            ),
        )
        .with_hint("is this the right file?"));
    }
    let results = if bytes.starts_with(b"%PDF-") {
        crate::render::pdf::form::read(path, bytes)?
    } else {
        from_json(path, bytes)?
    };
    let problems = results.problems();
    if !problems.is_empty() {
        return Err(Error::input(
            Origin::file(path),
            format!(
                "these results do not match their card: {}",
                problems.join("; ")
            ),
        )
        .with_hint("results are written by the card's \"Save results\" or read from its filled PDF; edit neither the questions nor the number of points"));
    }
    Ok(results)
}

fn from_json(path: &Path, bytes: &[u8]) -> Result<Results> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Error::input(
            Origin::file(path),
            "is neither a PDF nor a results file (JSON text)",
        )
        .with_hint("give the card's results file (…-results.json) or its filled PDF")
    })?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::input(
            Origin::located(path, e.line() as u64, e.column() as u64),
            format!("is not valid JSON: {e}"),
        )
        .with_hint("give the card's results file (…-results.json) or its filled PDF")
    })?;
    if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return Err(Error::input(
            Origin::file(path),
            format!("is not a results file: its `format` is not `{FORMAT}`"),
        )
        .with_hint("a card's edition JSON is not its results; use the card's \"Save results\""));
    }
    serde_json::from_str(text).map_err(|e| {
        Error::input(
            Origin::located(path, e.line() as u64, e.column() as u64),
            format!("is not a valid results file: {e}"),
        )
        .with_hint("see `scorecard schema results` for the format")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Results {
        serde_json::from_str(
            r#"{"format": "scorecard-results/1", "fingerprint": "490d-ae07",
                "bank": {"name": "python", "version": "2026.11.1"},
                "role": "Senior Python Engineer", "seniority": "senior",
                "candidate": "Ada Lovelace", "date": "2026-11-24",
                "interviewer": "Grace Hopper", "panel": ["Grace Hopper", "Alan Turing"],
                "rubric": ["Poor", "Borderline", "Solid", "Outstanding"],
                "questions": [{"id": "q", "topic": "t", "level": "advanced", "prompt": "p",
                               "expected": ["a", "b", "c"], "points": [true, false, true],
                               "score": 3, "notes": "free <b>text</b>"}],
                "topic_comments": {"t": "ok"}, "recommendation": "strong-yes",
                "reasons": "r", "candidate_questions": "c", "notes": "n"}"#,
        )
        .expect("the contract's example reads")
    }

    #[test]
    fn the_contract_example_reads_and_checks() {
        let r = sample();
        assert_eq!(r.recommendation, Some(Recommendation::StrongYes));
        assert!(r.problems().is_empty(), "{:?}", r.problems());
        let text = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Results>(&text).unwrap(), r);
    }

    #[test]
    fn inconsistent_results_are_named() {
        let mut r = sample();
        r.questions[0].points.pop();
        r.questions[0].score = Some(5);
        r.topic_comments.insert("nope".into(), String::new());
        let problems = r.problems().join("\n");
        assert!(
            problems.contains("3 expected point(s) but 2 tick(s)"),
            "{problems}"
        );
        assert!(
            problems.contains("scored 5; the rubric goes from 1 to 4"),
            "{problems}"
        );
        assert!(problems.contains("topic `nope`"), "{problems}");
        assert!(serde_json::from_str::<Recommendation>("\"maybe\"").is_err());
    }
}
