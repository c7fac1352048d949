//! The ledger: one JSON line per card written, so the tool remembers who was asked what and
//! when. Appends are whole lines under an exclusive lock, so runs writing at once neither tear
//! nor lose a line; reading stops at the first damaged line and names it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization as _;

use crate::error::{Error, Origin, Result};

/// The ledger's file name inside the output folder when no other is given.
pub(crate) const DEFAULT_NAME: &str = "ledger.jsonl";

/// Largest ledger read, in bytes: years of a busy team's interviews fit many times over.
const MAX_BYTES: u64 = 1 << 30;

/// One card written: who was asked which questions, when, and in which files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// The interview date (YYYY-MM-DD).
    pub date: String,
    pub candidate: Option<String>,
    /// Who the candidate is for the ledger: the spec's `candidate_id`, else the name.
    pub candidate_id: Option<String>,
    pub role: String,
    pub seniority: String,
    pub interviewer: Option<String>,
    pub fingerprint: String,
    /// Question ids, in card order.
    pub questions: Vec<String>,
    /// The files this card was written to (names inside `folder`).
    pub files: Vec<String>,
    /// The folder the files were written to, as given on the command line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
    /// When the card was written (UTC, RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<String>,
}

/// What a line must hold to be read at all; parsed before the whole entry so that looking up
/// one candidate in a long ledger allocates only for that candidate's lines.
#[derive(Deserialize)]
struct Key<'a> {
    #[serde(borrow)]
    candidate: Option<Cow<'a, str>>,
    #[serde(borrow)]
    candidate_id: Option<Cow<'a, str>>,
}

/// Whom to look up: by id when one was given, else by name.
#[derive(Debug, Clone)]
pub(crate) enum Who {
    Id(String),
    Name(String),
    /// Either an id or a name (`history --candidate`).
    Any(String),
}

impl Who {
    /// The candidate of a card: `candidate_id` when the spec gives one, else the name.
    pub(crate) fn of(candidate: &str, candidate_id: Option<&str>) -> Who {
        match candidate_id {
            Some(id) => Who::Id(person_key(id)),
            None => Who::Name(person_key(candidate)),
        }
    }

    fn matches(&self, candidate: Option<&str>, candidate_id: Option<&str>) -> bool {
        match self {
            Who::Id(id) => candidate_id.is_some_and(|c| same_person(c, id)),
            Who::Name(name) => candidate.is_some_and(|c| same_person(c, name)),
            Who::Any(key) => {
                Who::Id(key.clone()).matches(candidate, candidate_id)
                    || Who::Name(key.clone()).matches(candidate, candidate_id)
            }
        }
    }
}

/// A name or id as compared: Unicode compatibility-normalised (NFKC), lowercase, with runs
/// of white space folded to one space, so "ADA  Lovelace" and "ada lovelace" are one person.
pub(crate) fn person_key(text: &str) -> String {
    let lower: String = text.nfkc().flat_map(char::to_lowercase).collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `raw` is `key` once compared as [`person_key`] does. ASCII text, by far the
/// most common, is compared in place; a long ledger is searched without an allocation a line.
fn same_person(raw: &str, key: &str) -> bool {
    if !raw.is_ascii() {
        return person_key(raw) == key;
    }
    let mut folded = raw
        .split_ascii_whitespace()
        .flat_map(|word| std::iter::once(b' ').chain(word.bytes()))
        .skip(1)
        .map(|b| b.to_ascii_lowercase());
    let mut want = key.bytes();
    loop {
        match (folded.next(), want.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// Append entries to the ledger as whole lines, creating it (and its folder) if missing.
pub(crate) fn append(path: &Path, entries: &[Entry]) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let context = || format!("recording the cards in the ledger {}", path.display());
    let mut text = String::new();
    for entry in entries {
        let line = serde_json::to_string(entry).map_err(|e| {
            Error::internal(format!("a ledger entry could not be written as JSON: {e}"))
        })?;
        text.push_str(&line);
        text.push('\n');
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(context(), e))?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| Error::io(context(), e))?;
    // One writer at a time, across processes: the lock is released when the file closes.
    file.lock().map_err(|e| Error::io(context(), e))?;
    // A line left without its end (a run killed part-way) must not swallow the first new one.
    let len = file.metadata().map_err(|e| Error::io(context(), e))?.len();
    if len > 0 {
        let mut last = [0u8; 1];
        file.seek(SeekFrom::Start(len - 1))
            .and_then(|_| file.read_exact(&mut last))
            .map_err(|e| Error::io(context(), e))?;
        if last[0] != b'\n' {
            text.insert(0, '\n');
        }
    }
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(context(), e))?;
    Ok(())
}

/// A ledger read into memory.
pub(crate) struct Ledger {
    pub path: PathBuf,
    text: String,
    /// Searchers for the two keys a look-up reads, built once for every line.
    finders: (
        memchr::memmem::Finder<'static>,
        memchr::memmem::Finder<'static>,
    ),
}

impl Ledger {
    /// Read a ledger; a missing file is an empty ledger.
    pub(crate) fn open(path: &Path) -> Result<Ledger> {
        let text = if path.exists() {
            crate::yaml::read_text(path, MAX_BYTES, "ledger")?
        } else {
            String::new()
        };
        Ok(Ledger {
            path: path.to_path_buf(),
            text,
            finders: (
                memchr::memmem::Finder::new("\"candidate\""),
                memchr::memmem::Finder::new("\"candidate_id\""),
            ),
        })
    }

    /// Every entry, in the order written.
    pub(crate) fn entries(&self) -> Result<Vec<Entry>> {
        self.select(None)
    }

    /// The entries of one candidate (every entry for `None`), in the order written. Every
    /// line is checked, whoever it is about: a damaged line is an error, never skipped.
    pub(crate) fn select(&self, who: Option<&Who>) -> Result<Vec<Entry>> {
        // Lines split with memchr: a long ledger is mostly bytes to skip.
        let mut lines: Vec<(usize, &str)> = Vec::new();
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', self.text.as_bytes()).chain([self.text.len()]);
        for (n, end) in ends.enumerate() {
            if let Some(line) = self.text.get(start..end)
                && !line.trim().is_empty()
            {
                lines.push((n, line));
            }
            start = end + 1;
        }
        let chunk = lines
            .len()
            .div_ceil(crate::parallel::threads().max(1))
            .max(1);
        let parts: Vec<Result<Vec<Entry>>> =
            crate::parallel::map(lines.chunks(chunk).collect(), |part| {
                let mut out = Vec::new();
                for &(n, line) in part {
                    let wanted = match who {
                        None => true,
                        Some(who) => self.wanted(n, line, who)?,
                    };
                    if wanted {
                        let entry: Entry =
                            serde_json::from_str(line).map_err(|e| self.damaged(n, &e))?;
                        out.push(entry);
                    }
                }
                Ok(out)
            });
        let mut entries = Vec::new();
        for part in parts {
            entries.extend(part?);
        }
        Ok(entries)
    }

    /// Whether line `n` is about `who`. Lines as this tool writes them are looked up by
    /// their `candidate` and `candidate_id` fields alone, so a ledger of many thousand cards
    /// answers in milliseconds; such a line must still be whole (`{` to `}`), and any other
    /// line is read in full.
    fn wanted(&self, n: usize, line: &str, who: &Who) -> Result<bool> {
        let line = line.trim();
        if !(line.starts_with('{') && line.ends_with('}')) {
            // Cut short, or not an object at all: let the parser say what is wrong.
            let error = serde_json::from_str::<Entry>(line)
                .err()
                .map(|e| self.damaged(n, &e))
                .unwrap_or_else(|| Error::internal("a ledger line that is not an object parsed"));
            return Err(error);
        }
        if let (Some(candidate), Some(candidate_id)) = (
            field(line, &self.finders.0, "\"candidate\"".len()),
            field(line, &self.finders.1, "\"candidate_id\"".len()),
        ) {
            return Ok(who.matches(candidate.as_deref(), candidate_id.as_deref()));
        }
        let key: Key = serde_json::from_str(line).map_err(|e| self.damaged(n, &e))?;
        Ok(who.matches(key.candidate.as_deref(), key.candidate_id.as_deref()))
    }

    fn damaged(&self, index: usize, error: &serde_json::Error) -> Error {
        Error::input(
            Origin::at(&self.path, index as u64 + 1, error.column().max(1) as u64),
            format!("this ledger line is damaged: {error}"),
        )
        .with_hint(
            "each line of a ledger is one card as JSON; repair or delete the line (the cards \
             themselves are not affected)",
        )
    }
}

/// The value of the string-or-null field whose key `finder` finds (`key_len` bytes with its
/// quotes): `Some(None)` for null, `None` when the key is absent or the value is something
/// else. A `"` inside a JSON string is always escaped, so a quoted key is never found inside
/// a value.
fn field<'a>(
    line: &'a str,
    finder: &memchr::memmem::Finder<'_>,
    key_len: usize,
) -> Option<Option<Cow<'a, str>>> {
    let at = finder.find(line.as_bytes())? + key_len;
    let rest = line[at..].trim_start().strip_prefix(':')?.trim_start();
    if rest.starts_with("null") {
        return Some(None);
    }
    let body = rest.strip_prefix('"')?;
    let bytes = body.as_bytes();
    let mut escaped = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // The byte after a backslash is part of the escape, never the closing quote.
            b'\\' => {
                escaped = true;
                i += 2;
                continue;
            }
            b'"' => {
                return Some(Some(if escaped {
                    Cow::Owned(serde_json::from_str::<String>(&rest[..i + 2]).ok()?)
                } else {
                    Cow::Borrowed(&body[..i])
                }));
            }
            _ => i += 1,
        }
    }
    None
}

/// How often each question id appears in `entries`, with the last date it was asked.
pub(crate) fn exposure(entries: &[Entry]) -> BTreeMap<&str, (u32, &str)> {
    let mut counts: BTreeMap<&str, (u32, &str)> = BTreeMap::new();
    for entry in entries {
        for id in &entry.questions {
            let slot = counts.entry(id.as_str()).or_insert((0, ""));
            slot.0 += 1;
            if entry.date.as_str() > slot.1 {
                slot.1 = &entry.date;
            }
        }
    }
    counts
}

/// The current time for the `recorded` field.
pub(crate) fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_after_normalisation() {
        assert_eq!(person_key("  ADA\tLovelace "), "ada lovelace");
        // Decomposed and composed accents are one name.
        assert_eq!(
            person_key("Jose\u{301} Nu\u{301}n\u{303}ez"),
            person_key("José Núñez")
        );
        assert_eq!(person_key("José Núñez"), person_key("JOSÉ NÚÑEZ"));
        assert_ne!(person_key("José Núñez"), person_key("Jose Nunez"));
        // Full-width letters are compatibility forms of the plain ones.
        assert_eq!(person_key("Ａｄａ"), "ada");
        for raw in [
            "  ADA\tLovelace ",
            "ada lovelace",
            "Ada  Lovelace",
            "Ada",
            "Ada Lovelace x",
            "",
        ] {
            for key in ["ada lovelace", "ada", ""] {
                assert_eq!(
                    same_person(raw, key),
                    person_key(raw) == key,
                    "{raw:?} {key:?}"
                );
            }
        }
    }

    #[test]
    fn fields_are_read_as_json_would() {
        let entry = Entry {
            date: "2026-11-24".into(),
            candidate: Some("Zoë \"Z\" O'Neil \\ \u{1F600}".into()),
            candidate_id: None,
            role: "r".into(),
            seniority: "senior".into(),
            interviewer: Some("\"candidate\":\"Mallory\"".into()),
            fingerprint: "x".into(),
            questions: vec![],
            files: vec![],
            folder: None,
            recorded: None,
        };
        let name = memchr::memmem::Finder::new("\"candidate\"");
        let id = memchr::memmem::Finder::new("\"candidate_id\"");
        let absent = memchr::memmem::Finder::new("\"absent\"");
        let compact = serde_json::to_string(&entry).unwrap();
        let spaced = serde_json::to_string_pretty(&entry)
            .unwrap()
            .replace('\n', "");
        for line in [compact, spaced] {
            assert_eq!(
                field(&line, &name, 11).unwrap().as_deref(),
                entry.candidate.as_deref()
            );
            assert_eq!(field(&line, &id, 14), Some(None));
            assert_eq!(field(&line, &absent, 8), None);
        }
    }
}
