//! Errors a user can cause, each written for the interviewer, with a place and a hint; and
//! internal failures, which say they are a bug.

mod infeasible;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

pub(crate) use crate::select::reason::Infeasible;

/// Where in a file a problem is: the file, and the line and column when known (1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    pub path: PathBuf,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

impl Origin {
    /// A whole file, with no position inside it.
    pub fn file(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            line: None,
            column: None,
        }
    }

    /// Where a parsed YAML value stands in `path` (the whole file when the parser gave no
    /// position).
    pub fn of<T>(path: &Path, spanned: &serde_saphyr::Spanned<T>) -> Self {
        let loc = spanned.referenced;
        Self::located(path, loc.line(), loc.column())
    }

    /// A position a reader gave: line 0 means it gave none (the whole file), and column 0 is
    /// taken as the line's start.
    pub fn located(path: &Path, line: u64, column: u64) -> Self {
        if line == 0 {
            Self::file(path)
        } else {
            Self::at(path, line, column.max(1))
        }
    }

    /// A position inside a file.
    pub fn at(path: &Path, line: u64, column: u64) -> Self {
        Self {
            path: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// Everything that stops a command. Each variant prints as one paragraph; `hint` adds a
/// second line telling the user what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem in a spec or bank file (YAML syntax, schema, or meaning).
    #[error("{origin}: {message}")]
    Input {
        origin: Origin,
        message: String,
        hint: Option<String>,
    },
    /// The spec asks for something the bank cannot give.
    #[error("{0}")]
    Infeasible(Box<Infeasible>),
    /// Reading or writing a file failed.
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
        hint: Option<String>,
    },
    /// A bad command-line value or another problem without a file.
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// Something that should never happen whatever the input: a bug in scorecard.
    #[error("internal error (a bug in scorecard, please report it): {message}")]
    Internal { message: String },
}

impl Error {
    pub fn input(origin: Origin, message: impl Into<String>) -> Self {
        Self::Input {
            origin,
            message: message.into(),
            hint: None,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::Usage {
            message: message.into(),
            hint: None,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::Internal {
            message: message.into(),
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
            hint: None,
        }
    }

    /// Attach (or replace) the hint line.
    #[must_use]
    pub fn with_hint(mut self, text: impl Into<String>) -> Self {
        let text = Some(text.into());
        match &mut self {
            Self::Input { hint, .. } | Self::Usage { hint, .. } | Self::Io { hint, .. } => {
                *hint = text;
            }
            Self::Infeasible(_) | Self::Internal { .. } => {}
        }
        self
    }

    /// Attach a hint only when there is one.
    #[must_use]
    pub fn with_hint_opt(self, text: Option<String>) -> Self {
        match text {
            Some(text) => self.with_hint(text),
            None => self,
        }
    }

    /// The line telling the user what to do, when there is one.
    pub fn hint(&self) -> Option<Cow<'_, str>> {
        match self {
            Self::Input { hint, .. } | Self::Usage { hint, .. } | Self::Io { hint, .. } => {
                hint.as_deref().map(Cow::Borrowed)
            }
            Self::Infeasible(infeasible) => Some(Cow::Owned(infeasible.hint())),
            Self::Internal { .. } => None,
        }
    }
}

impl From<Infeasible> for Error {
    fn from(infeasible: Infeasible) -> Self {
        Self::Infeasible(Box::new(infeasible))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The closest name to `wrong` among `candidates`, when it is close enough to be a likely typo.
pub(crate) fn nearest<'a, I>(wrong: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wrong_lower = wrong.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&wrong_lower, &candidate.to_lowercase());
        let better = best.is_none_or(|(s, c)| score > s || (score == s && candidate < c));
        if better {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.75).map(|(_, c)| c)
}

/// "did you mean `x`?" for the nearest candidate, if any.
pub(crate) fn did_you_mean<'a, I>(wrong: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_and_ignores_strangers() {
        let names = ["concurrency", "oop", "testing", "typing"];
        assert_eq!(nearest("concurency", names), Some("concurrency"));
        assert_eq!(nearest("tsting", names), Some("testing"));
        assert_eq!(nearest("zzzzzz", names), None);
    }

    #[test]
    fn origin_prints_file_line_column() {
        let o = Origin::at(Path::new("spec.yaml"), 3, 7);
        assert_eq!(o.to_string(), "spec.yaml:3:7");
        assert_eq!(Origin::file(Path::new("a.yaml")).to_string(), "a.yaml");
    }
}
