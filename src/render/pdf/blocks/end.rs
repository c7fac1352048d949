//! What follows the questions: writing areas for the candidate's questions and general
//! notes, the summary by topic, the recommendation and the signature.

use super::super::layout::{Draw, Face, Field, INK, MUTED, RULE, Row, SOFT, Style, printable};
use super::super::notes::ruled_lines;
use super::super::style::SMALL;
use super::{Builder, capitalise};
use crate::edition::{Edition, Scorecard};
use crate::results::Recommendation;

/// The space between the summary and the recommendation.
const END_GAP: f32 = 16.0;

impl Builder<'_> {
    /// A box of ruled lines under a heading and a note, kept whole; the text field `field`
    /// over the lines.
    pub(crate) fn writing_area(
        &mut self,
        heading: &str,
        note: &str,
        lines: usize,
        field: &str,
    ) -> Vec<Row> {
        let w = self.page.content_width();
        let mut rows = vec![self.heading(heading)];
        let note = if self.density.compact { "" } else { note };
        let mut text = self.text(
            note,
            Style {
                color: MUTED,
                ..SMALL
            },
            w,
            "a note",
        );
        if let Some(last) = text.last_mut() {
            last.keep_with_next = true;
        }
        rows.extend(text);
        rows.push(ruled_lines(
            lines,
            w,
            self.density.note_line,
            Some(field.to_owned()),
        ));
        rows.push(Row::space(if self.density.compact { 8.0 } else { 16.0 }));
        rows
    }

    /// What follows the questions: the candidate's questions (with a closing), general notes,
    /// then the summary, the recommendation and the signature. Each part is kept whole.
    pub(crate) fn end_blocks(&mut self, edition: &Edition, card: &Scorecard) -> Vec<Vec<Row>> {
        let (candidate_lines, general_lines) = self.density.end_lines;
        let mut parts = Vec::new();
        if let Some((_, from, to)) = edition
            .agenda(card)
            .into_iter()
            .find(|(label, _, _)| *label == "candidate's questions")
        {
            parts.push(self.writing_area(
                "Candidate's questions",
                &format!(
                    "Minute {from}–{to}: what the candidate asked, and what their questions tell you."
                ),
                candidate_lines,
                "candidate-questions",
            ));
        }
        parts.push(self.writing_area(
            "General notes",
            "Anything that does not belong to one question: how the candidate worked, communicated, and what to probe next time.",
            general_lines,
            "general-notes",
        ));
        let summary = self.summary_block(card);
        let decision = self.decision_block(edition);
        if self.density.compact {
            // Compact: the summary and the decision may go on separate pages.
            parts.push(summary);
            parts.push(decision);
        } else {
            parts.push([summary, decision].concat());
        }
        parts
    }

    /// The summary by topic: a table with a row per topic to fill in after the interview.
    fn summary_block(&mut self, card: &Scorecard) -> Vec<Row> {
        let w = self.page.content_width();
        let mut rows = vec![self.heading("Summary by topic")];
        let first = w * 0.34;
        let col = (w - first) / 4.0;
        let bold = Style {
            face: Face::Bold,
            ..SMALL
        };
        let mut cells = vec![self.text("Topic", bold, first - 8.0, "the summary")];
        for h in ["Questions", "Points ticked", "Average score", "Comment"] {
            cells.push(self.text(h, bold, col - 8.0, "the summary"));
        }
        let mut header = self.table_row(cells, first, col, Some(SOFT));
        header.keep_with_next = true;
        rows.push(header);
        for topic in &card.topics {
            let points: usize = card
                .questions
                .iter()
                .filter(|q| q.topic == topic.id)
                .map(|q| q.expected.len())
                .sum();
            let mut cells = vec![self.text(&topic.title, SMALL, first - 8.0, "the summary")];
            cells.push(self.text(
                &topic.questions.to_string(),
                SMALL,
                col - 8.0,
                "the summary",
            ));
            cells.push(self.text(
                &format!("     of {points}"),
                Style {
                    color: MUTED,
                    ..SMALL
                },
                col - 8.0,
                "the summary",
            ));
            cells.push(vec![Row::space(if self.density.compact {
                SMALL.leading
            } else {
                SMALL.leading + 6.0
            })]);
            cells.push(Vec::new());
            let mut row = self.table_row(cells, first, col, None);
            row.draws.push(Draw::Field {
                x: first + 3.0 * col,
                y: 0.0,
                w: col,
                h: row.height,
                field: Field::Text(format!("comment.{}", topic.id)),
            });
            rows.push(row);
        }
        rows.push(Row::space(END_GAP));
        rows
    }

    /// The decision: the recommendation to choose, its reasons, and the signature.
    fn decision_block(&mut self, edition: &Edition) -> Vec<Row> {
        let w = self.page.content_width();
        let mut rows = vec![self.heading("Overall recommendation")];
        rows.extend(self.text(
            "Choose one. There is no neutral option.",
            Style {
                color: MUTED,
                ..SMALL
            },
            w,
            "the recommendation",
        ));
        rows.push(self.choices(edition));
        rows.push(Row::space(8.0));
        rows.push(self.label("REASONS FOR THE RECOMMENDATION", MUTED));
        rows.push(ruled_lines(
            self.density.reason_lines,
            w,
            self.density.note_line,
            Some("reasons".to_owned()),
        ));
        rows.push(signature(w));
        rows
    }

    /// The recommendations side by side, each a box with a radio button of the form.
    fn choices(&mut self, edition: &Edition) -> Row {
        let w = self.page.content_width();
        let mut row = Row {
            height: 34.0,
            draws: Vec::new(),
            keep_with_next: true,
        };
        let n = edition.recommendations.len().max(1) as f32;
        let gap = 8.0;
        let bw = (w - gap * (n - 1.0)) / n;
        for (i, label) in edition.recommendations.iter().enumerate() {
            let x = i as f32 * (bw + gap);
            row.draws.push(Draw::Rect {
                x,
                y: 6.0,
                w: bw,
                h: 24.0,
                fill: None,
                stroke: Some((RULE, 0.8)),
            });
            row.draws.push(Draw::Rect {
                x: x + 8.0,
                y: 13.5,
                w: 9.0,
                h: 9.0,
                fill: None,
                stroke: Some((INK, 0.9)),
            });
            if let Some(value) = Recommendation::ALL.get(i) {
                row.draws.push(Draw::Field {
                    x: x + 8.0,
                    y: 13.5,
                    w: 9.0,
                    h: 9.0,
                    field: Field::Radio("recommendation".to_owned(), value.id().to_owned()),
                });
            }
            let text = printable(
                self.fonts,
                Face::Bold,
                &capitalise(label),
                "the recommendation",
                self.warnings,
            );
            row.draws.push(Draw::Text {
                x: x + 24.0,
                y: 21.5,
                face: Face::Bold,
                size: 10.0,
                color: INK,
                text,
            });
        }
        row
    }
}

/// Lines for the interviewer's signature and the date, `w` across.
fn signature(w: f32) -> Row {
    let split = w * 0.62;
    let line = |x1: f32, x2: f32| Draw::Line {
        x1,
        y1: 30.0,
        x2,
        y2: 30.0,
        color: INK,
        width: 0.8,
    };
    let caption = |x: f32, text: &str| Draw::Text {
        x,
        y: 41.0,
        face: Face::Regular,
        size: 8.0,
        color: MUTED,
        text: text.to_owned(),
    };
    Row {
        height: 46.0,
        draws: vec![
            line(0.0, split - 20.0),
            line(split, w),
            caption(0.0, "Interviewer signature"),
            caption(split, "Date"),
        ],
        keep_with_next: false,
    }
}
