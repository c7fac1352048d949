//! Reading YAML files safely: size limits, encoding checks, parser budgets, and errors that
//! name the file, line and column with a hint for misspelt keys and values.

use std::io::Read as _;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{
    DuplicateKeyPolicy, Error as YamlError, MessageFormatter, UserMessageFormatter,
};

use crate::error::{Error, Origin, Result, did_you_mean};

/// Largest spec file accepted. A spec is a few dozen lines; anything near this is a mistake.
pub(crate) const MAX_SPEC_BYTES: u64 = 1 << 20;
/// Largest single bank file accepted: room for some 20,000 questions in one topic, and small
/// enough that a runaway file (a 10 MB line, a log pasted by mistake) is refused unread.
pub(crate) const MAX_BANK_FILE_BYTES: u64 = 8 << 20;

/// Read a whole file of at most `limit` bytes (a `what`), refusing folders and larger files
/// without reading them.
pub(crate) fn read_bytes(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            Error::input(Origin::file(path), format!("{what} not found"))
                .with_hint("check the path; it is relative to the current folder")
        }
        _ => Error::input(Origin::file(path), format!("cannot be read: {e}"))
            .with_hint("check that the file exists and that you may read it"),
    })?;
    if meta.is_dir() {
        return Err(
            Error::input(Origin::file(path), format!("is a folder, not a {what}"))
                .with_hint(format!("name a {what}")),
        );
    }
    if meta.len() > limit {
        return Err(Error::input(
            Origin::file(path),
            format!(
                "is {} bytes; a {what} may be at most {limit} bytes",
                meta.len()
            ),
        )
        .with_hint("is this the right file?"));
    }
    // Read at most one byte past the limit: a device such as /dev/zero reports a length of 0
    // and never ends, and a file may grow between the check above and this read.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).map_or(0, |n| n + 1));
    std::fs::File::open(path)
        .and_then(|file| file.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            Error::input(Origin::file(path), format!("cannot be read: {e}"))
                .with_hint("check that the file exists and that you may read it")
        })?;
    if bytes.len() as u64 > limit {
        return Err(Error::input(
            Origin::file(path),
            format!("is larger than the {limit}-byte limit for a {what}"),
        )
        .with_hint("is this the right file?"));
    }
    Ok(bytes)
}

/// Read a file as UTF-8 text, refusing directories, oversized files and binary content.
pub(crate) fn read_text(path: &Path, limit: u64, what: &str) -> Result<String> {
    let mut bytes = read_bytes(path, limit, what)?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let (line, column) = line_col(e.as_bytes(), valid);
            return Err(Error::input(
                Origin::at(path, line, column),
                "the file is not valid UTF-8 text",
            )
            .with_hint("save the file as UTF-8"));
        }
    };
    if let Some(pos) = text.find('\0') {
        let (line, column) = line_col(text.as_bytes(), pos);
        return Err(Error::input(
            Origin::at(path, line, column),
            "the file contains a NUL byte; it looks like binary data, not YAML",
        )
        .with_hint("is this the right file? specs and banks are YAML text files"));
    }
    Ok(text)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u64
        + 1;
    (line, column)
}

/// Parser options: duplicate keys are errors, and the budgets stop alias bombs and deep nesting
/// long before they cost time or memory.
fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    let mut budget = serde_saphyr::Budget::default();
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_depth = 64;
    budget.max_events = 5_000_000;
    // Without aliases the scalars of a file hold at most its own size; with them, no more
    // than twice the largest file accepted.
    budget.max_total_scalar_bytes = 2 * MAX_BANK_FILE_BYTES as usize;
    options.budget = Some(budget);
    // Real specs and banks use no aliases at all; a few thousand replayed events is plenty.
    options.alias_limits.max_total_replayed_events = 100_000;
    options.alias_limits.max_replay_stack_depth = 16;
    // Errors are shown as one line with file:line:column; no source snippet is kept.
    options.with_snippet = false;
    options
}

/// Parse `text` (read from `path`) into `T`, turning parser errors into user errors.
pub(crate) fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| convert(path, text, &e))
}

/// The error itself, without the wrappers that add a source snippet or an alias's place.
fn original(err: &YamlError) -> &YamlError {
    match err.without_snippet() {
        YamlError::AliasError { error, .. } => original(error),
        other => other,
    }
}

/// Turn a serde-saphyr error into an [`Error::Input`] naming the place and suggesting a fix.
fn convert(path: &Path, text: &str, err: &YamlError) -> Error {
    let location = err.location().filter(|loc| loc.line() > 0);
    let origin = location.map_or(Origin::file(path), |loc| {
        Origin::located(path, loc.line(), loc.column())
    });
    let found = location
        .map(|loc| token_at(text, loc.line(), loc.column()))
        .unwrap_or_default();
    let (message, hint) = match original(err) {
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => (
            format!("unknown key `{field}`"),
            Some(
                did_you_mean(field, expected.iter().copied()).unwrap_or_else(|| {
                    format!("the keys allowed here are: {}", expected.join(", "))
                }),
            ),
        ),
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            format!("unknown value `{variant}`"),
            Some(match did_you_mean(variant, expected.iter().copied()) {
                Some(dym) => format!("{dym} (one of: {})", expected.join(", ")),
                None => format!("use one of: {}", expected.join(", ")),
            }),
        ),
        YamlError::SerdeMissingField { field, .. } => (
            format!("missing required key `{field}`"),
            Some(format!("add `{field}:` here")),
        ),
        YamlError::DuplicateMappingKey { key, .. } => (
            match key {
                Some(k) => format!("the key `{k}` appears twice in the same mapping"),
                None => "a key appears twice in the same mapping".to_owned(),
            },
            Some("keep one of them".to_owned()),
        ),
        YamlError::Budget { breach, .. } => (breach_text(breach), Some(LIMITS_HINT.to_owned())),
        YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => (
            "the YAML's aliases (`*name`) expand to too much data".to_owned(),
            Some(LIMITS_HINT.to_owned()),
        ),
        YamlError::Eof { .. } => (
            "the file is empty or ends too early".to_owned(),
            Some("check that the file is complete and holds `key: value` lines".to_owned()),
        ),
        YamlError::InvalidScalar { ty, .. } => number_problem(ty, &found),
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => (
            format!("expected {expected} here, found {unexpected}"),
            Some(TYPE_HINT.to_owned()),
        ),
        YamlError::Unexpected { expected, .. } => unexpected(expected, &found),
        YamlError::NullIntoString { .. } => (
            "this key has no value".to_owned(),
            Some("write a value after the colon, or remove the key".to_owned()),
        ),
        YamlError::MultipleDocuments { .. } => (
            "the file holds more than one YAML document (a `---` line starts another)".to_owned(),
            Some("keep one spec or topic per file; remove the `---` line and what follows, or move it to its own file".to_owned()),
        ),
        YamlError::UnknownAnchor { .. } => (
            format!("the alias `{found}` refers to no anchor defined above it"),
            Some("define the anchor (`&name`) before using it, or write the value out".to_owned()),
        ),
        other => {
            let (mut message, hint) =
                from_serde_text(&tidy(&UserMessageFormatter.format_message(other)));
            if message.contains("recursion limit") {
                message = format!("the YAML is nested too deeply for a spec or bank file ({message})");
            }
            let hint = hint.or_else(|| Some(syntax_hint(&message).to_owned()));
            (message, hint)
        }
    };
    let mut error = Error::input(origin, message);
    if let Some(hint) = hint {
        error = error.with_hint(hint);
    }
    error
}

/// Serde's own messages ("unknown field `x`, expected one of `a`, `b`") reworded, with the
/// nearest valid name as a hint.
fn from_serde_text(message: &str) -> (String, Option<String>) {
    let quoted = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    for (prefix, what) in [("unknown field", "key"), ("unknown variant", "value")] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (wrong, expected) = match rest.split_once(", expected") {
                Some((wrong, expected)) => (quoted(wrong), expected),
                None => (quoted(rest), ""),
            };
            let wrong = wrong.into_iter().next().unwrap_or_default();
            let mut valid = quoted(expected);
            if valid.is_empty() {
                // Some messages list names without backticks: "expected one of a, b, c".
                let list = expected
                    .trim()
                    .trim_start_matches("one of")
                    .trim_start_matches(':');
                valid = list
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
            }
            let hint = match did_you_mean(&wrong, valid.iter().map(String::as_str)) {
                Some(dym) if what == "value" => format!("{dym} (one of: {})", valid.join(", ")),
                Some(dym) => dym,
                None if valid.is_empty() => return (format!("unknown {what} `{wrong}`"), None),
                None => format!("use one of: {}", valid.join(", ")),
            };
            return (format!("unknown {what} `{wrong}`"), Some(hint));
        }
    }
    if let Some(rest) = message.strip_prefix("missing field") {
        let field = quoted(rest).into_iter().next().unwrap_or_default();
        return (
            format!("missing required key `{field}`"),
            Some(format!("add `{field}:` here")),
        );
    }
    (message.to_owned(), None)
}

const LIMITS_HINT: &str = "aliases, anchors and nesting are limited to keep the tool safe on shared files; write the values out";
const TYPE_HINT: &str = "check the value's type and indentation; put quotes around text that holds `:`, `#`, `[` or `{`";

/// What a parser budget stopped, in words.
fn breach_text(breach: &BudgetBreach) -> String {
    let what = match breach {
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::MergeKeys { .. } => "uses too many aliases or anchors (`*name`, `&name`)",
        BudgetBreach::Depth { .. } => "is nested too deeply",
        BudgetBreach::Events { .. }
        | BudgetBreach::Nodes { .. }
        | BudgetBreach::ScalarBytes { .. } => "holds too much data",
        _ => "goes past a safety limit",
    };
    format!("the YAML {what} for a spec or bank file")
}

/// The scalar that starts at a 1-based line and column, as written (up to 40 characters).
fn token_at(text: &str, line: u64, column: u64) -> String {
    let Some(row) = usize::try_from(line - 1)
        .ok()
        .and_then(|i| text.lines().nth(i))
    else {
        return String::new();
    };
    let skip = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    row.chars()
        .skip(skip)
        .take_while(|c| !matches!(c, ',' | ']' | '}' | '#'))
        .take(40)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A value that should have been a number of type `ty` (`u32`, `u64`, ...).
fn number_problem(ty: &str, found: &str) -> (String, Option<String>) {
    let hint =
        Some("write a plain whole number, without quotes, sign or decimals, e.g. `40`".to_owned());
    let max = match ty {
        "u8" => u64::from(u8::MAX),
        "u16" => u64::from(u16::MAX),
        "u32" => u64::from(u32::MAX),
        "u64" => u64::MAX,
        _ => {
            return (
                format!("`{found}` is not a valid {ty}"),
                Some(TYPE_HINT.to_owned()),
            );
        }
    };
    let message = if found.is_empty() {
        "expected a whole number here".to_owned()
    } else if found.starts_with('-') && found[1..].chars().all(|c| c.is_ascii_digit()) {
        format!("`{found}` is negative; a whole number of 0 or more is needed here")
    } else if !found.is_empty() && found.chars().all(|c| c.is_ascii_digit()) {
        format!("`{found}` is too large; the most allowed here is {max}")
    } else {
        format!("`{found}` is not a whole number")
    };
    (message, hint)
}

/// The parser expected one kind of node (`mapping start`, `string scalar`, ...) and found another.
fn unexpected(expected: &str, found: &str) -> (String, Option<String>) {
    let want = match expected {
        "mapping start" | "mapping" => "`key: value` lines (a mapping)",
        "sequence start" | "sequence" => "a list (lines starting with `- `, or `[a, b]`)",
        "string scalar" | "string" => "text",
        other => other,
    };
    let found = match found.chars().next() {
        Some('[' | '-') => "a list".to_owned(),
        Some('{') => "a mapping".to_owned(),
        Some(_) => format!("`{found}`"),
        None => "something else".to_owned(),
    };
    (
        format!("expected {want} here, found {found}"),
        Some(TYPE_HINT.to_owned()),
    )
}

/// What to do about a syntax error, from the parser's wording.
fn syntax_hint(message: &str) -> &'static str {
    if message.contains("tab") {
        "indent with spaces; YAML does not allow tabs for indentation"
    } else if message.contains("recursion") || message.contains("nest") {
        LIMITS_HINT
    } else if message.contains("mapping values are not allowed") {
        "check this line's indentation, and put quotes around a value that holds `: `"
    } else {
        "check the YAML syntax near here: indentation, quotes and brackets must match up"
    }
}

/// The parser's own wording, as one line.
fn tidy(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é\nx".as_bytes(), 2), (1, 2));
    }
}
