//! Findings about a bank: errors that stop generation, and warnings that advise.

use std::path::Path;

use crate::error::{Error, Origin};

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

    pub(super) fn from_error(error: &Error) -> Self {
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

    pub(super) fn into_error(self) -> Error {
        Error::input(self.origin, self.message).with_hint_opt(self.hint)
    }
}
