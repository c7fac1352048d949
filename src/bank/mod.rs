//! The question bank: a folder with `bank.yaml` and one YAML file per topic, loaded into
//! checked, ordered data.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::{Error, Origin, Result};
use crate::yaml;

/// Where the bundled bank's files are said to be in messages.
pub const BUNDLED_DIR: &str = "banks/python";

mod fast;

/// The bundled bank, compiled in: each file's text, and each topic file as the fast reader
/// read it when the crate was built.
mod bundled {
    /// A value and where it starts (line, column).
    type At<T> = (T, u64, u64);

    pub struct Topic {
        pub topic: At<&'static str>,
        pub title: &'static str,
        pub questions: &'static [Question],
    }

    pub struct Question {
        pub id: At<&'static str>,
        pub level: At<super::Level>,
        pub minutes: At<u32>,
        pub concept: Option<&'static str>,
        pub prompt: At<&'static str>,
        pub expected: At<&'static [&'static str]>,
        pub follow_ups: &'static [&'static str],
        pub red_flags: &'static [&'static str],
        pub tags: &'static [&'static str],
    }

    include!(concat!(env!("OUT_DIR"), "/bundled_bank.rs"));
}

impl From<&bundled::Topic> for TopicData {
    fn from(topic: &bundled::Topic) -> Self {
        fn at<T, U: From<T>>((value, line, column): (T, u64, u64)) -> At<U> {
            At::new(U::from(value), line, column)
        }
        let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect();
        TopicData {
            topic: at(topic.topic),
            title: topic.title.to_owned(),
            questions: topic
                .questions
                .iter()
                .map(|q| QuestionData {
                    id: at(q.id),
                    level: at(q.level),
                    minutes: at(q.minutes),
                    concept: q.concept.map(str::to_owned),
                    prompt: at(q.prompt),
                    expected: At::new(strings(q.expected.0), q.expected.1, q.expected.2),
                    follow_ups: strings(q.follow_ups),
                    red_flags: strings(q.red_flags),
                    tags: strings(q.tags),
                })
                .collect(),
        }
    }
}

/// How hard a question is. Separate from a role's seniority.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Basic,
    Intermediate,
    Advanced,
    Expert,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Basic,
        Level::Intermediate,
        Level::Advanced,
        Level::Expert,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Level::Basic => "basic",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
            Level::Expert => "expert",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `bank.yaml`: what the bank is called and which edition it is.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BankFile {
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

/// A value read from a file and the 1-based line and column it starts at (0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub line: u64,
    pub column: u64,
}

impl<T> At<T> {
    pub fn new(value: T, line: u64, column: u64) -> Self {
        Self {
            value,
            line,
            column,
        }
    }

    /// Where the value is in `path`.
    pub fn origin(&self, path: &Path) -> Origin {
        Origin::located(path, self.line, self.column)
    }
}

impl<T> From<Spanned<T>> for At<T> {
    fn from(spanned: Spanned<T>) -> Self {
        let at = spanned.referenced;
        At::new(spanned.value, at.line(), at.column())
    }
}

/// A topic file as read, by either YAML reader, before any checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicData {
    pub topic: At<String>,
    pub title: String,
    pub questions: Vec<QuestionData>,
}

/// A question as read, before any checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionData {
    pub id: At<String>,
    pub level: At<Level>,
    pub minutes: At<u32>,
    pub concept: Option<String>,
    pub prompt: At<String>,
    pub expected: At<Vec<String>>,
    pub follow_ups: Vec<String>,
    pub red_flags: Vec<String>,
    pub tags: Vec<String>,
}

impl From<TopicFile> for TopicData {
    fn from(file: TopicFile) -> Self {
        TopicData {
            topic: file.topic.into(),
            title: file.title,
            questions: file.questions.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<QuestionFile> for QuestionData {
    fn from(q: QuestionFile) -> Self {
        QuestionData {
            id: q.id.into(),
            level: q.level.into(),
            minutes: q.minutes.into(),
            concept: q.concept,
            prompt: q.prompt.into(),
            expected: q.expected.into(),
            follow_ups: q.follow_ups,
            red_flags: q.red_flags,
            tags: q.tags,
        }
    }
}

/// Read a topic file: with the fast reader when the file keeps to the YAML it understands,
/// otherwise (and for every error message) with the full parser.
pub fn read_topic(path: &Path, text: &str) -> Result<TopicData> {
    match fast::read(text) {
        Some(data) => Ok(data),
        None => yaml::parse::<TopicFile>(path, text).map(TopicData::from),
    }
}

/// What the fast reader makes of a topic file, for tests that compare it with the full parser.
#[doc(hidden)]
pub fn read_topic_fast(text: &str) -> Option<TopicData> {
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

/// How serious a finding is: errors stop generation, warnings are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem found while loading or linting a bank.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub origin: Origin,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(origin: Origin, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            origin,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(origin: Origin, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            origin,
            message: message.into(),
            hint: None,
        }
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    fn from_error(error: &Error) -> Self {
        let origin = match error {
            Error::Input { origin, .. } => origin.clone(),
            _ => Origin::file(Path::new("")),
        };
        let message = match error {
            Error::Input { message, .. } => message.clone(),
            other => other.to_string(),
        };
        Self {
            severity: Severity::Error,
            origin,
            message,
            hint: error.hint().map(std::borrow::Cow::into_owned),
        }
    }

    fn into_error(self) -> Error {
        Error::input(self.origin, self.message).with_hint_opt(self.hint)
    }
}

/// Whether `id` is lowercase letters, digits and single dashes (`gil-threads-vs-processes`).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The topic files of a bank folder, sorted by name (`bank.yaml` excluded).
pub fn topic_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(format!("reading bank folder {}", dir.display()), e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|e| Error::io(format!("reading bank folder {}", dir.display()), e))?;
        let path = entry.path();
        let is_yaml = path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        let is_manifest = path
            .file_name()
            .is_some_and(|n| n == "bank.yaml" || n == "bank.yml");
        if is_yaml && !is_manifest && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

impl Bank {
    /// Load a bank and fail on its first error (warnings are ignored).
    pub fn load(dir: &Path) -> Result<Bank> {
        let (bank, diagnostics) = Bank::load_with_diagnostics(dir)?;
        if let Some(first) = diagnostics
            .into_iter()
            .find(|d| d.severity == Severity::Error)
        {
            let error = first.into_error();
            let hint = error
                .hint()
                .map(std::borrow::Cow::into_owned)
                .unwrap_or_default();
            let more = format!(
                "run `scorecard bank lint {}` to list every problem",
                dir.display()
            );
            let hint = if hint.is_empty() {
                more
            } else {
                format!("{hint}; {more}")
            };
            return Err(error.with_hint(hint));
        }
        Ok(bank)
    }

    /// Load a bank, collecting every problem instead of stopping at the first. Fails only when
    /// the folder or its `bank.yaml` cannot be read at all.
    pub fn load_with_diagnostics(dir: &Path) -> Result<(Bank, Vec<Diagnostic>)> {
        if !dir.is_dir() {
            let message = if dir.exists() {
                "is not a folder; a bank is a folder"
            } else {
                "bank folder not found"
            };
            return Err(Error::input(Origin::file(dir), message)
                .with_hint("a bank is a folder holding bank.yaml and one YAML file per topic"));
        }
        let manifest_path = dir.join("bank.yaml");
        if !manifest_path.is_file() {
            return Err(
                Error::input(Origin::file(&manifest_path), "this bank has no bank.yaml")
                    .with_hint("create it with `name:` and `version:` keys"),
            );
        }
        let manifest = yaml::read_text(&manifest_path, yaml::MAX_SPEC_BYTES, "bank.yaml")?;
        let files = topic_files(dir)?
            .into_iter()
            .map(|path| (path, Source::Disk))
            .collect();
        Bank::from_texts(dir, &manifest_path, &manifest, files)
    }

    /// The bank compiled into the binary (`banks/python`).
    pub fn bundled() -> Result<Bank> {
        let (bank, diagnostics) = Bank::bundled_with_diagnostics()?;
        match diagnostics
            .into_iter()
            .find(|d| d.severity == Severity::Error)
        {
            Some(first) => Err(first.into_error()),
            None => Ok(bank),
        }
    }

    /// The bundled bank with every finding, for `bank lint` without a folder.
    pub fn bundled_with_diagnostics() -> Result<(Bank, Vec<Diagnostic>)> {
        let dir = Path::new(BUNDLED_DIR);
        let mut manifest = None;
        let mut files = Vec::new();
        for (name, text, parsed) in bundled::FILES {
            let path = dir.join(name);
            if *name == "bank.yaml" {
                manifest = Some((path, *text));
            } else if let Some(topic) = parsed {
                files.push((path, Source::Read(topic)));
            } else {
                files.push((path, Source::Text(text)));
            }
        }
        let Some((manifest_path, manifest)) = manifest else {
            return Err(Error::internal("the bundled bank has no bank.yaml"));
        };
        Bank::from_texts(dir, &manifest_path, manifest, files)
    }

    /// A bank from its manifest and topic files.
    fn from_texts(
        dir: &Path,
        manifest_path: &Path,
        manifest: &str,
        files: Vec<(PathBuf, Source)>,
    ) -> Result<(Bank, Vec<Diagnostic>)> {
        let manifest: BankFile = yaml::parse(manifest_path, manifest)?;
        let mut diagnostics = Vec::new();
        let mut topics: Vec<Topic> = Vec::new();
        let loaded = load_topics(files);
        // Sized once: grown by doubling, a large bank's questions were copied over and over
        // into fresh memory.
        let mut questions = Vec::with_capacity(
            loaded
                .iter()
                .filter_map(|(_, parsed)| parsed.as_ref().ok())
                .map(|file| file.questions.len())
                .sum(),
        );
        for (path, parsed) in loaded {
            match parsed {
                Ok(file) => add_topic(&path, file, &mut topics, &mut questions, &mut diagnostics),
                Err(error) => diagnostics.push(Diagnostic::from_error(&error)),
            }
        }
        if topics.is_empty() && diagnostics.is_empty() {
            diagnostics.push(
                Diagnostic::error(Origin::file(dir), "the bank has no topic files")
                    .hint("add one YAML file per topic beside bank.yaml"),
            );
        }
        check_duplicate_ids(&questions, &mut diagnostics);
        // Topics in id order, and questions by topic, each topic's in file order: a stable
        // sort on the topic's rank, looked up once per question rather than per comparison.
        topics.sort_by(|a, b| a.id.cmp(&b.id));
        let order: BTreeMap<&str, usize> = topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        let rank = |q: &Question| order.get(q.topic.as_str()).copied().unwrap_or(usize::MAX);
        // Topic files are usually read in id order already.
        if !questions.is_sorted_by_key(rank) {
            questions.sort_by_cached_key(rank);
        }
        let bank = Bank {
            name: manifest.name,
            title: manifest.title.unwrap_or_default(),
            version: manifest.version,
            dir: dir.to_path_buf(),
            topics,
            questions,
        };
        Ok((bank, diagnostics))
    }

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

fn add_topic(
    path: &Path,
    file: LoadedTopic,
    topics: &mut Vec<Topic>,
    questions: &mut Vec<Question>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let topic_origin = file.topic.origin(path);
    let topic_id = file.topic.value;
    if !valid_id(&topic_id) {
        diagnostics.push(
            Diagnostic::error(
                topic_origin.clone(),
                format!("topic id `{topic_id}` is not valid"),
            )
            .hint("use lowercase letters, digits and dashes, e.g. `data-structures`"),
        );
    }
    if let Some(other) = topics.iter().find(|t| t.id == topic_id) {
        diagnostics.push(
            Diagnostic::error(
                topic_origin.clone(),
                format!("topic `{topic_id}` is defined twice"),
            )
            .hint(format!(
                "it is also defined at {}; merge the files or rename one",
                other.origin
            )),
        );
        return;
    }
    if file.questions.is_empty() {
        diagnostics.push(Diagnostic::warning(
            topic_origin.clone(),
            format!("topic `{topic_id}` has no questions"),
        ));
    }
    diagnostics.extend(file.diagnostics);
    questions.extend(file.questions);
    topics.push(Topic {
        id: topic_id,
        title: file.title,
        origin: topic_origin,
    });
}

/// A topic file read and its questions checked, on its own.
struct LoadedTopic {
    topic: At<String>,
    title: String,
    questions: Vec<Question>,
    diagnostics: Vec<Diagnostic>,
}

/// Where a topic file comes from.
enum Source {
    /// A file of a bank folder, read when loading.
    Disk,
    /// The text of a bundled file.
    Text(&'static str),
    /// A bundled file as read when the crate was built.
    Read(&'static bundled::Topic),
}

/// Read, parse and check the topic files on every core (parsing is most of the time a large
/// bank takes to load), keeping the files' order so the result does not depend on scheduling.
fn load_topics(files: Vec<(PathBuf, Source)>) -> Vec<(PathBuf, Result<LoadedTopic>)> {
    let load = |(path, source): (PathBuf, Source)| {
        let data = match source {
            Source::Read(topic) => Ok(TopicData::from(topic)),
            Source::Text(text) => read_topic(&path, text),
            Source::Disk => yaml::read_text(&path, yaml::MAX_BANK_FILE_BYTES, "topic file")
                .and_then(|text| read_topic(&path, &text)),
        };
        let loaded = data.map(|data| {
            let mut diagnostics = Vec::new();
            let questions = data
                .questions
                .into_iter()
                .map(|q| question_from_file(&path, &data.topic.value, q, &mut diagnostics))
                .collect();
            LoadedTopic {
                topic: data.topic,
                title: data.title,
                questions,
                diagnostics,
            }
        });
        (path, loaded)
    };
    // Topics read when the crate was built need only copying: no thread is worth starting.
    if files
        .iter()
        .all(|(_, source)| matches!(source, Source::Read(_)))
    {
        return files.into_iter().map(load).collect();
    }
    crate::parallel::map(files, load)
}

/// Check a question as written and turn it into a loaded [`Question`] of `topic`.
pub(crate) fn question_from_file(
    path: &Path,
    topic: &str,
    q: QuestionData,
    diagnostics: &mut Vec<Diagnostic>,
) -> Question {
    let origin = q.id.origin(path);
    check_question(path, &q, &origin, diagnostics);
    Question {
        id: q.id.value,
        topic: topic.to_owned(),
        level: q.level.value,
        minutes: q.minutes.value,
        concept: q.concept.filter(|c| !c.trim().is_empty()),
        prompt: trimmed_end(q.prompt.value),
        expected: q.expected.value.into_iter().map(trimmed).collect(),
        follow_ups: q.follow_ups.into_iter().map(trimmed).collect(),
        red_flags: q.red_flags.into_iter().map(trimmed).collect(),
        tags: q.tags,
        origin,
    }
}

/// `text` without white space around it, reusing its allocation when there is none.
fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_owned()
    }
}

/// `text` without white space at its end (a literal block's final newline).
fn trimmed_end(mut text: String) -> String {
    text.truncate(text.trim_end().len());
    text
}

/// Longest a question may take: past this it is not one question but an interview.
pub const MAX_MINUTES: u32 = 60;

fn check_question(
    path: &Path,
    q: &QuestionData,
    origin: &Origin,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let id = &q.id.value;
    if !valid_id(id) {
        diagnostics.push(
            Diagnostic::error(origin.clone(), format!("question id `{id}` is not valid"))
                .hint("use lowercase letters, digits and dashes, e.g. `gil-threads-vs-processes`"),
        );
    }
    let minutes = q.minutes.value;
    if minutes == 0 || minutes > MAX_MINUTES {
        diagnostics.push(
            Diagnostic::error(
                q.minutes.origin(path),
                format!("question `{id}` takes {minutes} minutes"),
            )
            .hint(format!("give a time from 1 to {MAX_MINUTES} minutes")),
        );
    }
    if q.prompt.value.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(
                q.prompt.origin(path),
                format!("question `{id}` has an empty prompt"),
            )
            .hint("write the question as the interviewer reads it out"),
        );
    }
    let points = &q.expected.value;
    if points.len() < 2 {
        diagnostics.push(
            Diagnostic::error(
                q.expected.origin(path),
                format!(
                    "question `{id}` has {} expected answer point(s); it needs at least 2",
                    points.len()
                ),
            )
            .hint("list what a correct answer must mention, one point per line"),
        );
    }
    if points.iter().any(|p| p.trim().is_empty()) {
        diagnostics.push(Diagnostic::error(
            q.expected.origin(path),
            format!("question `{id}` has an empty expected point"),
        ));
    }
    if let Some(concept) = &q.concept
        && !concept.trim().is_empty()
        && !valid_id(concept)
    {
        diagnostics.push(
            Diagnostic::error(
                origin.clone(),
                format!("question `{id}` has an invalid concept `{concept}`"),
            )
            .hint("use lowercase letters, digits and dashes"),
        );
    }
}

fn check_duplicate_ids(questions: &[Question], diagnostics: &mut Vec<Diagnostic>) {
    // Only looked up, never iterated: the findings come in the questions' order.
    let mut seen: std::collections::HashMap<&str, &Origin> =
        std::collections::HashMap::with_capacity(questions.len());
    for q in questions {
        if let Some(first) = seen.get(q.id.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    q.origin.clone(),
                    format!("question id `{}` is used twice", q.id),
                )
                .hint(format!(
                    "it is first used at {first}; ids must be unique across the bank"
                )),
            );
        } else {
            seen.insert(&q.id, &q.origin);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_words_joined_by_dashes() {
        assert!(valid_id("gil-threads-vs-processes"));
        assert!(valid_id("py3"));
        assert!(!valid_id("Gil"));
        assert!(!valid_id("a--b"));
        assert!(!valid_id("-a"));
        assert!(!valid_id(""));
    }
}
