//! Reading YAML files safely: size limits, encoding checks, parser budgets, and errors that
//! name the file, line and column with a hint for misspelt keys and values.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{
    DuplicateKeyPolicy, Error as YamlError, MessageFormatter, UserMessageFormatter,
};

use crate::error::{Error, Origin, Result, did_you_mean};

/// Largest spec file accepted. A spec is a few dozen lines; anything near this is a mistake.
pub const MAX_SPEC_BYTES: u64 = 1 << 20;
/// Largest single bank file accepted.
pub const MAX_BANK_FILE_BYTES: u64 = 16 << 20;

/// Read a file as UTF-8 text, refusing directories, oversized files and binary content.
pub fn read_text(path: &Path, limit: u64, what: &str) -> Result<String> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            Error::input(Origin::file(path), format!("{what} not found"))
                .with_hint("check the path; it is relative to the current folder")
        }
        _ => Error::io(format!("reading {}", path.display()), e),
    })?;
    if meta.is_dir() {
        return Err(
            Error::input(Origin::file(path), format!("is a folder, not a {what}"))
                .with_hint("name a .yaml file"),
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
    let bytes =
        std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
    // Read errors above cover files that grow between stat and read only loosely; check again.
    if bytes.len() as u64 > limit {
        return Err(Error::input(
            Origin::file(path),
            format!("is larger than the {limit}-byte limit for a {what}"),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, column) = line_col(bytes, e.valid_up_to());
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
        ));
    }
    Ok(text.to_owned())
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
    options.budget = Some(budget);
    options
}

/// Parse `text` (read from `path`) into `T`, turning parser errors into user errors.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| convert(path, &e))
}

/// Turn a serde-saphyr error into an [`Error::Input`] naming the place and suggesting a fix.
fn convert(path: &Path, err: &YamlError) -> Error {
    let origin = match err.location() {
        Some(loc) if loc.line() > 0 => Origin::at(path, loc.line(), loc.column().max(1)),
        _ => Origin::file(path),
    };
    let (message, hint) = match err {
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
        YamlError::Budget { breach, .. } => (
            format!("the YAML is too large or too deeply nested to be a spec or bank ({breach:?})"),
            Some(
                "aliases, anchors and nesting are limited to keep the tool safe on shared files"
                    .to_owned(),
            ),
        ),
        YamlError::Eof { .. } => ("the file is empty or ends too early".to_owned(), None),
        other => from_serde_text(&tidy(&UserMessageFormatter.format_message(other))),
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
