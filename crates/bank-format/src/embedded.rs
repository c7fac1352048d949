//! The bundled bank compiled into the tool: the build script reads each topic file with the
//! fast reader and writes it as a Rust literal of these shapes ([`topic_literal`]); the tool
//! turns it back into [`TopicData`] without parsing YAML.

use std::fmt::Write as _;

use crate::{At, Level, QuestionData, TopicData};

/// A value and where it starts (line, column).
type Placed<T> = (T, u64, u64);

/// A topic file as compiled in.
pub struct Topic {
    pub topic: Placed<&'static str>,
    pub title: &'static str,
    pub questions: &'static [Question],
}

/// A question as compiled in.
pub struct Question {
    pub id: Placed<&'static str>,
    pub level: Placed<Level>,
    pub minutes: Placed<u32>,
    pub concept: Option<&'static str>,
    pub prompt: Placed<&'static str>,
    pub expected: Placed<&'static [&'static str]>,
    pub follow_ups: &'static [&'static str],
    pub red_flags: &'static [&'static str],
    pub tags: &'static [&'static str],
}

impl From<&Topic> for TopicData {
    fn from(topic: &Topic) -> Self {
        fn at<T, U: From<T>>((value, line, column): Placed<T>) -> At<U> {
            At::new(U::from(value), line, column)
        }
        let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect();
        TopicData {
            topic: at(topic.topic),
            title: topic.title.to_owned(),
            questions: topic
                .questions
                .iter()
                .map(|q| QuestionData {
                    id: at(q.id),
                    level: at(q.level),
                    minutes: at(q.minutes),
                    concept: q.concept.map(str::to_owned),
                    prompt: at(q.prompt),
                    expected: At::new(strings(q.expected.0), q.expected.1, q.expected.2),
                    follow_ups: strings(q.follow_ups),
                    red_flags: strings(q.red_flags),
                    tags: strings(q.tags),
                })
                .collect(),
        }
    }
}

/// A topic as a Rust expression of type [`Topic`], to be compiled where `Topic` and
/// `Question` are in scope and `Level` is `super::Level`.
pub fn topic_literal(topic: &TopicData) -> String {
    let mut questions = String::new();
    for q in &topic.questions {
        write!(
            questions,
            "Question {{ id: {}, level: (super::Level::{:?}, {}, {}), minutes: ({}, {}, {}), \
             concept: {:?}, prompt: {}, expected: ({}, {}, {}), follow_ups: {}, red_flags: {}, \
             tags: {} }}, ",
            at_literal(&q.id),
            q.level.value,
            q.level.line,
            q.level.column,
            q.minutes.value,
            q.minutes.line,
            q.minutes.column,
            q.concept,
            at_literal(&q.prompt),
            list_literal(&q.expected.value),
            q.expected.line,
            q.expected.column,
            list_literal(&q.follow_ups),
            list_literal(&q.red_flags),
            list_literal(&q.tags),
        )
        .expect("write to string");
    }
    format!(
        "Topic {{ topic: {}, title: {:?}, questions: &[{questions}] }}",
        at_literal(&topic.topic),
        topic.title
    )
}

fn at_literal(at: &At<String>) -> String {
    format!("({:?}, {}, {})", at.value, at.line, at.column)
}

fn list_literal(items: &[String]) -> String {
    format!(
        "&[{}]",
        items
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_names_every_field_of_the_shapes() {
        let topic = crate::read(
            "topic: t\ntitle: T\nquestions:\n  - id: a\n    level: basic\n    minutes: 5\n    prompt: p\n    expected: [x, \"y\"]\n    tags: [k]\n",
        )
        .expect("plain topic file");
        assert_eq!(
            topic_literal(&topic),
            "Topic { topic: (\"t\", 1, 8), title: \"T\", questions: &[Question { id: (\"a\", 4, 9), \
             level: (super::Level::Basic, 5, 12), minutes: (5, 6, 14), concept: None, \
             prompt: (\"p\", 7, 13), expected: (&[\"x\", \"y\"], 8, 15), follow_ups: &[], \
             red_flags: &[], tags: &[\"k\"] }, ] }"
        );
    }
}
