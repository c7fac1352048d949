//! `scorecard bank lint`: every problem of a bank in one run — what the loader finds, the
//! questions of files it had to skip, near-duplicate prompts, and topic × level cells too thin
//! for the default seniority mixes.

mod similar;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

use crate::bank::{self, Bank, Diagnostic, Level, Question, QuestionFile, Severity};
use crate::error::{Error, Origin, Result};
use crate::spec::Seniority;
use crate::yaml;

pub(crate) use similar::near_duplicates;

/// Prompts at least this similar (Jaccard similarity of their sets of adjacent word pairs,
/// after normalising case, punctuation and spacing) are near-duplicates. Changing one word of
/// a 20-word prompt leaves about 0.8; one template with its subject swapped ("a list and a
/// tuple" / "a set and a frozenset") stays below 0.6, and no two prompts of the bundled bank
/// score above 0.2.
pub(crate) const SIMILARITY_THRESHOLD: f64 = 0.6;

/// Questions one interviewer may draw from a single topic: a panel member who owns one focus
/// topic for an hour asks about this many. The thin-cell warning uses it with the largest share
/// any default seniority mix gives a level.
pub(crate) const FOCUS_QUESTIONS: u32 = 6;

/// The outcome of linting a bank: every finding, sorted by place.
#[derive(Debug)]
pub(crate) struct Lint {
    pub dir: PathBuf,
    pub topics: usize,
    pub questions: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl Lint {
    pub(crate) fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub(crate) fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// One `file:line:col: error: message` line per finding (plus an indented hint), then a
    /// summary line.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let what = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let _ = writeln!(out, "{}: {what}: {}", d.origin, d.message);
            if let Some(hint) = &d.hint {
                let _ = writeln!(out, "  hint: {hint}");
            }
        }
        let _ = writeln!(
            out,
            "{}: {} question(s) in {} topic(s): {} error(s), {} warning(s)",
            self.dir.display(),
            self.questions,
            self.topics,
            self.errors(),
            self.warnings()
        );
        out
    }
}

/// Lint the bank in `dir`. Fails only when the folder or its `bank.yaml` cannot be read.
pub(crate) fn lint_dir(dir: &Path) -> Result<Lint> {
    let (bank, diagnostics) = Bank::load_with_diagnostics(dir)?;
    let mut skipped = Vec::new();
    for path in bank::topic_files(dir)? {
        if bank.topics.iter().any(|t| t.origin.path == path) {
            continue;
        }
        // An unreadable file is already reported; only a parsed-but-rejected one is salvaged.
        if let Ok(text) = yaml::read_text(&path, yaml::MAX_BANK_FILE_BYTES, "topic file") {
            skipped.push((path, text));
        }
    }
    Ok(lint_loaded(bank, diagnostics, &skipped))
}

/// Lint the bank compiled into the binary.
pub(crate) fn lint_bundled() -> Result<Lint> {
    let (bank, diagnostics) = Bank::bundled_with_diagnostics()?;
    Ok(lint_loaded(bank, diagnostics, &[]))
}

/// Add the lint-only checks to what the loader found. `skipped` holds the text of topic files
/// the loader could not use, whose questions are checked one by one.
fn lint_loaded(
    bank: Bank,
    mut diagnostics: Vec<Diagnostic>,
    skipped: &[(PathBuf, String)],
) -> Lint {
    let mut salvaged = Vec::new();
    for (path, text) in skipped {
        salvage(path, text, &mut salvaged, &mut diagnostics);
    }
    check_salvaged_ids(&bank.questions, &salvaged, &mut diagnostics);
    let all: Vec<&Question> = bank.questions.iter().chain(&salvaged).collect();
    near_duplicate_diagnostics(&all, &mut diagnostics);
    thin_cells(&bank, &mut diagnostics);

    let mut seen = BTreeSet::new();
    diagnostics.retain(|d| seen.insert((d.origin.clone(), d.message.clone())));
    diagnostics.sort_by(|a, b| {
        (&a.origin.path, a.origin.line, a.origin.column, a.severity).cmp(&(
            &b.origin.path,
            b.origin.line,
            b.origin.column,
            b.severity,
        ))
    });
    Lint {
        dir: bank.dir.clone(),
        topics: bank.topics.len(),
        questions: all.len(),
        diagnostics,
    }
}

// ---------------------------------------------------------------------------------------------
// Files the loader skipped: check their questions one by one.

/// A topic file read leniently: only enough to find each question's place.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LooseTopicFile {
    #[serde(default)]
    topic: Option<Spanned<String>>,
    #[serde(default)]
    title: Option<IgnoredAny>,
    #[serde(default)]
    questions: Vec<Spanned<IgnoredAny>>,
}

/// A schema error stops the loader at the first problem of a file. Re-read each question of
/// such a file on its own (at its real line and column) so every bad question is reported,
/// and the good ones still take part in the duplicate checks.
fn salvage(path: &Path, text: &str, out: &mut Vec<Question>, diagnostics: &mut Vec<Diagnostic>) {
    // The loader stopped at the first problem; a later syntax error shows up here.
    let file = match yaml::parse::<LooseTopicFile>(path, text) {
        Ok(file) => file,
        Err(error) => {
            diagnostics.push(diagnostic_of(&error));
            return;
        }
    };
    // The parser places a missing key at the end of the mapping; the start of the file is
    // where it belongs.
    let mut missing = |key: &str, hint: &str| {
        let message = format!("missing required key `{key}`");
        diagnostics.retain(|d| !(d.origin.path == path && d.message == message));
        diagnostics.push(Diagnostic::error(Origin::at(path, 1, 1), message).hint(hint));
    };
    let topic = match &file.topic {
        Some(topic) => topic.value.clone(),
        None => {
            missing(
                "topic",
                "a topic file starts with its id, e.g. `topic: concurrency`",
            );
            String::new()
        }
    };
    if file.title.is_none() {
        missing(
            "title",
            "add `title:` with the topic's name as people read it",
        );
    }
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<(usize, usize)> = file
        .questions
        .iter()
        .map(|q| {
            let at = q.referenced;
            (
                usize::try_from(at.line()).unwrap_or(0),
                usize::try_from(at.column()).unwrap_or(0),
            )
        })
        .collect();
    for (i, &(line, column)) in starts.iter().enumerate() {
        let next = starts.get(i + 1).map_or(lines.len() + 1, |s| s.0);
        let Some(snippet) = question_text(&lines, line, column, next) else {
            continue;
        };
        match yaml::parse::<QuestionFile>(path, &snippet) {
            Ok(q) => out.push(bank::question_from_file(
                path,
                &topic,
                q.into(),
                diagnostics,
            )),
            Err(error) => diagnostics.push(diagnostic_of(&error)),
        }
    }
}

/// The text of one question of a block sequence, padded so that it parses alone with the same
/// line and column numbers as in the file. `None` when the question shares a line with another
/// one or its place is unknown.
fn question_text(lines: &[&str], line: usize, column: usize, next: usize) -> Option<String> {
    if line == 0 || column == 0 || next <= line || line > lines.len() {
        return None;
    }
    let indent = column - 1;
    let mut text = "\n".repeat(line - 1);
    let first = lines[line - 1];
    let rest: String = first.chars().skip(indent).collect();
    text.push_str(&" ".repeat(indent));
    text.push_str(&rest);
    text.push('\n');
    for l in &lines[line..(next - 1).min(lines.len())] {
        let trimmed = l.trim_start();
        let depth = l.len() - trimmed.len();
        if !trimmed.is_empty() && !trimmed.starts_with('#') && depth < indent {
            break;
        }
        text.push_str(l);
        text.push('\n');
    }
    Some(text)
}

fn diagnostic_of(error: &Error) -> Diagnostic {
    let (origin, message) = match error {
        Error::Input {
            origin, message, ..
        } => (origin.clone(), message.clone()),
        other => (Origin::file(Path::new("")), other.to_string()),
    };
    let diagnostic = Diagnostic::error(origin, message);
    match error.hint() {
        Some(hint) => diagnostic.hint(hint),
        None => diagnostic,
    }
}

/// Duplicate ids that involve a salvaged question (the loader checked the others).
fn check_salvaged_ids(loaded: &[Question], salvaged: &[Question], out: &mut Vec<Diagnostic>) {
    if salvaged.is_empty() {
        return;
    }
    let mut seen: BTreeMap<&str, &Origin> = BTreeMap::new();
    for q in loaded {
        seen.entry(q.id.as_str()).or_insert(&q.origin);
    }
    for q in salvaged {
        match seen.get(q.id.as_str()) {
            Some(first) => out.push(
                Diagnostic::error(
                    q.origin.clone(),
                    format!("question id `{}` is used twice", q.id),
                )
                .hint(format!(
                    "it is also used at {first}; ids must be unique across the bank"
                )),
            ),
            None => {
                seen.insert(&q.id, &q.origin);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Near-duplicate prompts.

fn near_duplicate_diagnostics(questions: &[&Question], out: &mut Vec<Diagnostic>) {
    let prompts: Vec<(&str, Option<&str>)> = questions
        .iter()
        .map(|q| (q.prompt.as_str(), q.concept.as_deref()))
        .collect();
    for pair in near_duplicates(&prompts, SIMILARITY_THRESHOLD) {
        let (a, b) = (questions[pair.earlier], questions[pair.later]);
        let percent = (pair.similarity * 100.0).floor();
        out.push(
            Diagnostic::error(
                b.origin.clone(),
                format!(
                    "the prompt of `{}` is a near-duplicate of `{}` ({percent}% alike)",
                    b.id, a.id
                ),
            )
            .hint(format!(
                "`{}` is at {}; reword one of them, remove one, or give both the same `concept` \
                 if they are variants never to be asked together",
                a.id, a.origin
            )),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Thin topic × level cells.

/// Questions a default mix may draw from one topic at `level`, and the seniority that draws
/// the most: the largest share any default mix gives the level, of [`FOCUS_QUESTIONS`].
pub(crate) fn cell_need(level: Level) -> (u32, Seniority) {
    let mut need = (0, Seniority::Junior);
    for seniority in Seniority::ALL {
        let share = seniority.default_mix()[level.index()];
        let wanted = (FOCUS_QUESTIONS * share).div_ceil(100);
        if wanted > need.0 {
            need = (wanted, seniority);
        }
    }
    need
}

/// Questions of a cell that can be asked together: questions sharing a concept count once.
pub(crate) fn askable(questions: &[&Question]) -> u32 {
    let mut concepts = BTreeSet::new();
    let mut count = 0;
    for q in questions {
        match &q.concept {
            Some(c) => {
                if concepts.insert(c.as_str()) {
                    count += 1;
                }
            }
            None => count += 1,
        }
    }
    count
}

fn thin_cells(bank: &Bank, out: &mut Vec<Diagnostic>) {
    let cells = bank.cells();
    for topic in &bank.topics {
        for level in Level::ALL {
            let (need, seniority) = cell_need(level);
            let cell = cells
                .get(&(topic.id.as_str(), level))
                .map_or(&[][..], Vec::as_slice);
            let have = askable(cell);
            if have >= need {
                continue;
            }
            let shared = if have as usize == cell.len() {
                String::new()
            } else {
                format!(" ({have} when questions sharing a concept count as one)")
            };
            out.push(
                Diagnostic::warning(
                    topic.origin.clone(),
                    format!(
                        "topic `{}` has {} {level} question(s){shared}; a {} interview focused \
                         on it needs about {need}",
                        topic.id,
                        cell.len(),
                        seniority.name()
                    ),
                )
                .hint(format!(
                    "add {level} questions with different concepts, or expect specs that weight \
                     this topic heavily to fail or repeat questions"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_focus_need_follows_the_largest_default_share() {
        assert_eq!(cell_need(Level::Basic), (3, Seniority::Junior));
        assert_eq!(cell_need(Level::Expert), (4, Seniority::Principal));
    }

    #[test]
    fn a_question_is_cut_out_at_its_own_place() {
        let lines = [
            "topic: t",
            "questions:",
            "  - id: a",
            "    level: basic",
            "  - id: b",
        ];
        let text = question_text(&lines, 3, 5, 5).unwrap();
        assert_eq!(text, "\n\n    id: a\n    level: basic\n");
        assert_eq!(question_text(&lines, 3, 5, 3), None);
    }
}
