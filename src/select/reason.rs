//! Why no set of questions meets a plan, as data: the rule that cannot hold and the bank's
//! numbers. The error module puts it into the interviewer's words.

use std::path::PathBuf;

use crate::bank::Level;

/// A plan no set of questions can meet, and where: which spec and which interviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Infeasible {
    /// The spec the plan came from, when known (a batch names the one that failed).
    pub spec: Option<PathBuf>,
    /// The interviewer whose card could not be filled.
    pub interviewer: Option<Interviewer>,
    /// Questions left out because the candidate was asked them before.
    pub asked: usize,
    pub reason: Box<Reason>,
}

/// The interviewer of a card that could not be filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interviewer {
    pub name: String,
    /// Whether earlier interviewers' cards took questions first.
    pub after_others: bool,
}

/// How many questions a card was to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub questions: u32,
    /// The spec fixes the number (`questions`); otherwise it follows from the duration.
    pub fixed: bool,
    /// Minutes of questions.
    pub duration: u32,
}

/// The first rule that cannot hold, with its numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// An interviewer without focus topics, on a panel whose focused interviewers own every
    /// topic of the spec.
    Unowned {
        member: String,
        /// Topics of the spec.
        topics: usize,
        /// The focused interviewers and their focus topics.
        owners: Vec<(String, Vec<String>)>,
    },
    /// A focused interviewer's card, found without that rule, leaves focus topics without a
    /// question.
    FocusStarved {
        member: String,
        focus: Vec<String>,
        /// The focus topics that would get no question.
        starved: Vec<String>,
        /// Questions and minutes of the card found without the rule.
        questions: usize,
        minutes: u32,
        count: Count,
    },
    /// One topic × level cell has fewer questions than the quotas force on it.
    Cell {
        topic: String,
        level: Level,
        available: u32,
        /// Questions of the cell that are excluded.
        excluded: u32,
        needed: u32,
        count: Count,
        mix: [u32; 4],
    },
    /// A topic cannot give its share at the levels the mix asks for.
    Topic {
        topic: String,
        can: u32,
        /// The questions available at each level of the mix.
        levels: Vec<(Level, u32)>,
        excluded: u32,
        share: u32,
        count: Count,
    },
    /// The topics together cannot give a level's share.
    Level {
        level: Level,
        can: u32,
        excluded: u32,
        needed: u32,
        count: Count,
        mix: [u32; 4],
    },
    /// Even the shortest questions the quotas allow take longer than the duration.
    TooLong {
        questions: u32,
        least: u32,
        duration: u32,
    },
    /// Even the longest questions the quotas allow do not fill enough of the duration.
    TooShort {
        questions: u32,
        most: u32,
        duration: u32,
        lowest_fill: u32,
    },
    /// Each rule can hold alone, but no set meets them all at once (or the search stopped
    /// after `gave_up` steps before finding one).
    NoSet {
        count: Count,
        mix: [u32; 4],
        lowest_fill: u32,
        gave_up: Option<u64>,
    },
}

impl Infeasible {
    /// The reason alone, not yet placed in a spec or on an interviewer's card.
    pub fn new(reason: Reason) -> Infeasible {
        Infeasible {
            spec: None,
            interviewer: None,
            asked: 0,
            reason: Box::new(reason),
        }
    }
}
