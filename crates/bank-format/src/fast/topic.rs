//! The structure of a topic file: its keys, the list of questions, and each question's keys.

use super::lines::{Line, Reader, is_item, key, rest_is_empty};
use crate::{QuestionData, TopicData};

impl<'a> Reader<'a> {
    pub(super) fn topic(mut self) -> Option<TopicData> {
        let mut topic = None;
        let mut title = None;
        let mut questions = None;
        while let Some(line) = self.next_content()? {
            if line.indent != 0 {
                return None;
            }
            let (key, value_at) = key(line.text, 0)?;
            match key {
                "topic" if topic.is_none() => {
                    topic = Some(self.string_value(line, value_at, 0)?);
                }
                "title" if title.is_none() => {
                    title = Some(self.string_value(line, value_at, 0)?.value);
                }
                "questions" if questions.is_none() => {
                    let rest = &line.text[value_at..];
                    self.advance();
                    if rest.trim_start_matches(' ').starts_with("[]") {
                        if !rest.starts_with(' ') || !rest_is_empty(&rest.trim_start()[2..]) {
                            return None;
                        }
                        questions = Some(Vec::new());
                    } else if rest_is_empty(rest) {
                        questions = Some(self.questions(0)?);
                    } else {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        Some(TopicData {
            topic: topic?,
            title: title?,
            questions: questions?,
        })
    }

    /// The block sequence of questions under a key at `parent` indentation.
    fn questions(&mut self, parent: usize) -> Option<Vec<QuestionData>> {
        let first = self.next_content()??;
        if first.indent < parent || !is_item(&first) {
            return None;
        }
        let indent = first.indent;
        let mut out = Vec::new();
        while let Some(line) = self.next_content()? {
            if line.indent < indent || (line.indent == indent && !is_item(&line)) {
                // The list ends; a line level with it must be its parent's next key.
                if line.indent == indent && indent > parent {
                    return None;
                }
                break;
            }
            if line.indent > indent {
                return None;
            }
            // `- key: value`: the mapping's keys line up with the first one.
            let after_dash = &line.text[indent + 1..];
            let spaces = after_dash.bytes().take_while(|&b| b == b' ').count();
            if spaces == 0 || after_dash.len() == spaces {
                return None;
            }
            out.push(self.question(line, indent + 1 + spaces)?);
        }
        Some(out)
    }

    /// One question: a mapping whose first key is on `first` at byte (and column) `indent`.
    fn question(&mut self, first: Line<'a>, indent: usize) -> Option<QuestionData> {
        let mut id = None;
        let mut level = None;
        let mut minutes = None;
        let mut concept = None;
        let mut prompt = None;
        let mut expected = None;
        let mut follow_ups = None;
        let mut red_flags = None;
        let mut tags = None;
        let mut line = first;
        loop {
            let (key, value_at) = key(line.text, indent)?;
            match key {
                "id" if id.is_none() => id = Some(self.string_value(line, value_at, indent)?),
                "level" if level.is_none() => level = Some(self.level(line, value_at)?),
                "minutes" if minutes.is_none() => minutes = Some(self.minutes(line, value_at)?),
                "concept" if concept.is_none() => {
                    concept = Some(self.string_value(line, value_at, indent)?.value);
                }
                "prompt" if prompt.is_none() => {
                    prompt = Some(self.string_value(line, value_at, indent)?);
                }
                "expected" if expected.is_none() => {
                    expected = Some(self.list(line, value_at, indent)?);
                }
                "follow_ups" if follow_ups.is_none() => {
                    follow_ups = Some(self.list(line, value_at, indent)?.value);
                }
                "red_flags" if red_flags.is_none() => {
                    red_flags = Some(self.list(line, value_at, indent)?.value);
                }
                "tags" if tags.is_none() => tags = Some(self.list(line, value_at, indent)?.value),
                _ => return None,
            }
            match self.next_content()? {
                Some(next) if next.indent == indent => line = next,
                Some(next) if next.indent > indent => return None,
                _ => break,
            }
        }
        Some(QuestionData {
            id: id?,
            level: level?,
            minutes: minutes?,
            concept,
            prompt: prompt?,
            expected: expected?,
            follow_ups: follow_ups.unwrap_or_default(),
            red_flags: red_flags.unwrap_or_default(),
            tags: tags.unwrap_or_default(),
        })
    }
}
