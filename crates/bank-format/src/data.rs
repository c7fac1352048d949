//! A topic file's values as read, with where each starts, before any checks.

use std::fmt;

/// How hard a question is. Separate from a role's seniority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema),
    serde(rename_all = "lowercase")
)]
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
