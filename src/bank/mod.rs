//! The question bank: a folder with `bank.yaml` and one YAML file per topic, loaded into
//! checked, ordered data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

pub use scorecard_bank_format::Level;
pub(crate) use scorecard_bank_format::{At, QuestionData, TopicData};

use crate::error::{Origin, Result};
use crate::yaml;

/// Where the bundled bank's files are said to be in messages.
pub(crate) const BUNDLED_DIR: &str = "banks/python";

mod diagnostic;
mod fast;
mod load;

pub(crate) use self::diagnostic::{Diagnostic, Severity};
pub(crate) use self::load::{question_from_file, topic_files};

/// The bundled bank, compiled in: each file's text, and each topic file as the fast reader
/// read it when the crate was built.
// The generated file declares `pub static FILES`; this private module keeps it the crate's.
#[allow(unreachable_pub)]
mod bundled {
    pub(super) use scorecard_bank_format::embedded::{Question, Topic};

    include!(concat!(env!("OUT_DIR"), "/bundled_bank.rs"));
}

/// `bank.yaml`: what the bank is called and which edition it is.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BankFile {
    /// Short name, printed in the scorecard's fingerprint line.
    pub name: String,
    /// Human title of the bank.
    #[serde(default)]
    pub title: Option<String>,
    /// Edition of the bank; any string (for example a date such as 2026.11.1).
    pub version: String,
}

/// One topic file: a topic id, its title, and its questions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicFile {
    /// Topic id used in specs: lowercase letters, digits and dashes.
    #[schemars(with = "String")]
    pub topic: Spanned<String>,
    /// Human title of the topic.
    pub title: String,
    /// The questions of this topic.
    pub questions: Vec<QuestionFile>,
}

/// One question as written in a topic file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionFile {
    /// Unique across the bank and stable forever once published.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// basic, intermediate, advanced or expert.
    #[schemars(with = "Level")]
    pub level: Spanned<Level>,
    /// Minutes to ask, answer and probe.
    #[schemars(with = "u32")]
    pub minutes: Spanned<u32>,
    /// Questions sharing a concept are never picked together.
    #[serde(default)]
    pub concept: Option<String>,
    /// The question as the interviewer reads it; may hold `inline code` and fenced code blocks.
    #[schemars(with = "String")]
    pub prompt: Spanned<String>,
    /// What a correct answer must mention; each is a checkbox on the card (at least 2).
    #[schemars(with = "Vec<String>")]
    pub expected: Spanned<Vec<String>>,
    /// Probes for a strong answer.
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// Answers that should lower the score.
    #[serde(default)]
    pub red_flags: Vec<String>,
    /// Free-form labels.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Where a value read from a bank file is, for messages.
trait Located {
    fn origin(&self, path: &Path) -> Origin;
}

impl<T> Located for At<T> {
    fn origin(&self, path: &Path) -> Origin {
        Origin::located(path, self.line, self.column)
    }
}

/// A value as the full parser read it, with where it starts.
fn at<T>(spanned: Spanned<T>) -> At<T> {
    let at = spanned.referenced;
    At::new(spanned.value, at.line(), at.column())
}

impl From<TopicFile> for TopicData {
    fn from(file: TopicFile) -> Self {
        TopicData {
            topic: at(file.topic),
            title: file.title,
            questions: file.questions.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<QuestionFile> for QuestionData {
    fn from(q: QuestionFile) -> Self {
        QuestionData {
            id: at(q.id),
            level: at(q.level),
            minutes: at(q.minutes),
            concept: q.concept,
            prompt: at(q.prompt),
            expected: at(q.expected),
            follow_ups: q.follow_ups,
            red_flags: q.red_flags,
            tags: q.tags,
        }
    }
}

/// Read a topic file: with the fast reader when the file keeps to the YAML it understands,
/// otherwise (and for every error message) with the full parser.
pub(crate) fn read_topic(path: &Path, text: &str) -> Result<TopicData> {
    match fast::read(text) {
        Some(data) => Ok(data),
        None => yaml::parse::<TopicFile>(path, text).map(TopicData::from),
    }
}

/// What the fast reader makes of a topic file, for tests that compare it with the full parser.
#[doc(hidden)]
pub(crate) fn read_topic_fast(text: &str) -> Option<TopicData> {
    fast::read(text)
}

/// A topic of a loaded bank.
#[derive(Debug, Clone)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub origin: Origin,
}

/// A question of a loaded bank.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub topic: String,
    pub level: Level,
    pub minutes: u32,
    pub concept: Option<String>,
    pub prompt: String,
    pub expected: Vec<String>,
    pub follow_ups: Vec<String>,
    pub red_flags: Vec<String>,
    pub tags: Vec<String>,
    pub origin: Origin,
}

/// A loaded bank. Topics are sorted by id; questions by topic, then in file order.
#[derive(Debug, Clone)]
pub struct Bank {
    pub name: String,
    pub title: String,
    pub version: String,
    pub dir: PathBuf,
    pub topics: Vec<Topic>,
    pub questions: Vec<Question>,
}

impl Bank {
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    pub fn topic_ids(&self) -> impl Iterator<Item = &str> {
        self.topics.iter().map(|t| t.id.as_str())
    }

    /// The questions grouped by topic and level.
    pub fn cells(&self) -> BTreeMap<(&str, Level), Vec<&Question>> {
        let mut cells: BTreeMap<(&str, Level), Vec<&Question>> = BTreeMap::new();
        for q in &self.questions {
            cells
                .entry((q.topic.as_str(), q.level))
                .or_default()
                .push(q);
        }
        cells
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}
