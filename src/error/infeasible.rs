//! An impossible plan in the interviewer's words: what cannot hold, with the bank's numbers,
//! and what to change.

use std::fmt;

use crate::bank::Level;
use crate::select::reason::{Count, Infeasible, Reason};

impl fmt::Display for Infeasible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(spec) = &self.spec {
            write!(f, "{}: ", spec.display())?;
        }
        if let Some(who) = &self.interviewer {
            let context = if who.after_others {
                " (after the questions given to earlier interviewers)"
            } else {
                ""
            };
            write!(f, "for interviewer {}{context}: ", who.name)?;
        }
        f.write_str(&message(&self.reason))?;
        if self.asked > 0 {
            write!(
                f,
                " ({} question(s) are excluded because this candidate was asked them before)",
                self.asked
            )?;
        }
        Ok(())
    }
}

impl Infeasible {
    /// What to change in the spec or the bank.
    pub fn hint(&self) -> String {
        hint(&self.reason)
    }
}

/// "10 questions", or "about 10 questions to fill 60 minutes".
fn how_many(count: &Count) -> String {
    if count.fixed {
        format!("{} questions", count.questions)
    } else {
        format!(
            "about {} questions to fill {} minutes",
            count.questions, count.duration
        )
    }
}

/// " (3 more are excluded)", or nothing.
fn excluded_note(count: u32) -> String {
    if count > 0 {
        format!(" ({count} more are excluded)")
    } else {
        String::new()
    }
}

/// The level mix as "intermediate 30 / advanced 50 / expert 20".
fn mix_text(mix: &[u32; 4]) -> String {
    let parts: Vec<String> = Level::ALL
        .iter()
        .filter(|l| mix[l.index()] > 0)
        .map(|l| format!("{} {}", l, mix[l.index()]))
        .collect();
    parts.join(" / ")
}

fn message(reason: &Reason) -> String {
    match reason {
        Reason::Unowned { .. } | Reason::FocusStarved { .. } => panel_message(reason),
        Reason::Cell {
            topic,
            level,
            available,
            excluded,
            needed,
            count,
            mix,
        } => format!(
            "topic {topic} has {available} {level} question(s) available{}; this spec needs {needed} ({}, level mix {})",
            excluded_note(*excluded),
            how_many(count),
            mix_text(mix)
        ),
        Reason::Topic {
            topic,
            can,
            levels,
            excluded,
            share,
            count,
        } => {
            let levels: Vec<String> = levels.iter().map(|(l, n)| format!("{n} {l}")).collect();
            format!(
                "topic {topic} can give {can} question(s) at the levels this spec asks for ({}){}; its share of {} is {share}",
                levels.join(", "),
                excluded_note(*excluded),
                how_many(count)
            )
        }
        Reason::Level {
            level,
            can,
            excluded,
            needed,
            count,
            mix,
        } => format!(
            "the topics can give {can} {level} question(s){}; the level mix {} of {} needs {needed}",
            excluded_note(*excluded),
            mix_text(mix),
            how_many(count)
        ),
        Reason::TooLong {
            questions,
            least,
            duration,
        } => format!(
            "the shortest {questions} questions this spec allows take {least} minutes; the duration is {duration}"
        ),
        Reason::TooShort {
            questions,
            most,
            duration,
            lowest_fill,
        } => format!(
            "{questions} questions can fill at most {most} of the {duration} minutes; a set must use at least {lowest_fill}"
        ),
        Reason::NoSet {
            count,
            mix,
            lowest_fill,
            gave_up,
        } => {
            // When the search stopped at its step limit it has not proved that no set exists.
            let searched = if gave_up.is_some() {
                "the search found"
            } else {
                "there is"
            };
            format!(
                "{searched} no set of {} that meets the topic weights, the level mix {}, distinct concepts and {lowest_fill}-{} minutes at once",
                how_many(count),
                mix_text(mix),
                count.duration
            )
        }
    }
}

/// The reasons that concern a panel's focus topics.
fn panel_message(reason: &Reason) -> String {
    match reason {
        Reason::Unowned {
            member,
            topics,
            owners,
        } => {
            let owners: Vec<String> = owners
                .iter()
                .map(|(name, topics)| format!("{name} ({})", topics.join(", ")))
                .collect();
            format!(
                "interviewer {member} has no focus topics, and all {topics} topic(s) of the spec are other interviewers' focus: {}",
                owners.join("; ")
            )
        }
        Reason::FocusStarved {
            member,
            focus,
            starved,
            questions,
            minutes,
            count,
        } => {
            let holds = if count.fixed {
                format!("the spec's `questions: {questions}`")
            } else {
                format!(
                    "{questions} question(s) ({minutes} min) in `duration: {}`",
                    count.duration
                )
            };
            let topics = if let [one] = starved.as_slice() {
                format!("focus topic `{one}` would get")
            } else {
                format!("focus topics `{}` would get", starved.join("`, `"))
            };
            format!(
                "interviewer {member}'s {topics} no question: the card holds {holds}, too few for {} focus topics ({}) at their weights",
                focus.len(),
                focus.join(", ")
            )
        }
        _ => String::new(),
    }
}

fn hint(reason: &Reason) -> String {
    match reason {
        Reason::Unowned { member, .. } => format!(
            "give {member} focus topics of their own (`topics:` under their name), or add a topic to the spec's `topics` that no interviewer focuses on"
        ),
        Reason::FocusStarved {
            member,
            focus,
            starved,
            questions,
            count,
            ..
        } => {
            if *questions < focus.len() {
                format!(
                    "give time for at least {} questions (a longer `duration`{}), or give {member} fewer focus topics",
                    focus.len(),
                    if count.fixed {
                        ", or more `questions`"
                    } else {
                        ""
                    }
                )
            } else {
                format!(
                    "raise the weight of {} in `topics`, lengthen `duration`, or give {member} fewer focus topics",
                    starved.join(", ")
                )
            }
        }
        Reason::Cell { level, .. } => format!(
            "add {level} question(s) to the bank, widen `topics`, change `mix`, or ask for fewer questions"
        ),
        Reason::Topic { .. } => {
            "add questions to this topic, lower its weight, or ask for fewer questions".to_owned()
        }
        Reason::Level { level, .. } => {
            format!("add {level} questions, change `mix`, or widen `topics`")
        }
        Reason::TooLong { least, .. } => {
            format!("raise `duration` to at least {least}, or ask for fewer questions")
        }
        Reason::TooShort { .. } => {
            "ask for more questions (or leave `questions` out), or shorten `duration`".to_owned()
        }
        Reason::NoSet {
            gave_up: Some(steps),
            ..
        } => format!(
            "the search stopped after {steps} steps per attempt; widen `topics`, relax `mix` or `questions`, or add questions to the bank"
        ),
        Reason::NoSet { gave_up: None, .. } => {
            "widen `topics`, relax `mix` or `questions`, or add questions to the bank (see `scorecard bank stats`)".to_owned()
        }
    }
}
