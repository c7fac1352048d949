//! Loading a bank: its folder (or the bundled copy) read, each topic file parsed and every
//! question checked, collecting every finding.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Severity};
use super::*;
use crate::error::{Error, Origin, Result};
use crate::yaml;

/// Whether `id` is lowercase letters, digits and single dashes (`gil-threads-vs-processes`).
pub(super) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The topic files of a bank folder, sorted by name (`bank.yaml` excluded).
pub(crate) fn topic_files(dir: &Path) -> Result<Vec<PathBuf>> {
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
pub(super) const MAX_MINUTES: u32 = 60;

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
