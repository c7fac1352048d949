//! Scoring: the rubric's levels to tick for each question (roomy), the compact card's
//! legend, and the compact evidence area with its column of score boxes.

use super::super::layout::{Draw, Face, Field, INK, MUTED, RULE, Row, Style, merge, printable};
use super::super::notes::rules;
use super::super::style::COMPACT_NOTE_LINES;
use super::{Builder, shorten};
use crate::edition::{CardQuestion, Edition};

impl Builder<'_> {
    /// The compact evidence area: `COMPACT_NOTE_LINES` ruled lines, and beside them a column
    /// with a box per rubric level (its label only; the anchors are in the legend).
    pub(crate) fn compact_notes(
        &mut self,
        edition: &Edition,
        q: &CardQuestion,
        context: &str,
    ) -> Row {
        let w = self.page.content_width();
        let spacing = self.density.note_line;
        let column = 118.0;
        let lines_w = w - column - 10.0;
        let levels = edition.rubric.len();
        // Room for the label and each level, one per line's height.
        let rows_needed = (levels + 1).max(COMPACT_NOTE_LINES);
        let mut row = Row {
            height: rows_needed as f32 * spacing + 4.0,
            draws: Vec::new(),
            keep_with_next: true,
        };
        row.draws
            .push(small_label(0.0, spacing - 4.0, "EVIDENCE NOTES"));
        // The first line carries the label: the field covers the lines' writing space below it.
        row.draws.push(Draw::Field {
            x: 0.0,
            y: spacing,
            w: lines_w,
            h: (rows_needed - 1) as f32 * spacing,
            field: Field::Text(format!("q{}.notes", q.number)),
        });
        row.draws.extend(rules(rows_needed, lines_w, spacing));
        let x = w - column;
        row.draws
            .push(small_label(x, spacing - 4.0, "SCORE — tick one"));
        for (i, level) in edition.rubric.iter().enumerate() {
            let top = (i + 1) as f32 * spacing;
            let label = format!("{} · {}", i + 1, level.label);
            let score = (q.number, i + 1);
            let draws = self.score_box(x, top, column - 14.0, &label, score, context);
            row.draws.extend(draws);
        }
        row
    }

    /// A compact score box at (`x`, `top`): the radio button for level `score.1` of question
    /// `score.0`, and the level's label beside it, shortened to `room`.
    fn score_box(
        &mut self,
        x: f32,
        top: f32,
        room: f32,
        label: &str,
        (question, level): (usize, usize),
        context: &str,
    ) -> [Draw; 3] {
        let size = 8.2;
        let label = printable(self.fonts, Face::Regular, label, context, self.warnings);
        let label = shorten(self.fonts.face(Face::Regular), label, size, room);
        [
            Draw::Rect {
                x,
                y: top + 3.5,
                w: 8.5,
                h: 8.5,
                fill: None,
                stroke: Some((INK, 0.8)),
            },
            Draw::Field {
                x,
                y: top + 3.5,
                w: 8.5,
                h: 8.5,
                field: Field::Radio(format!("q{question}.score"), level.to_string()),
            },
            Draw::Text {
                x: x + 13.0,
                y: top + 11.0,
                face: Face::Regular,
                size,
                color: INK,
                text: label,
            },
        ]
    }

    /// The compact card's rubric, once: each level's label and anchor.
    pub(crate) fn rubric_legend(&mut self, edition: &Edition) -> Vec<Row> {
        let mut rows = vec![self.label(
            "TICK THE ANSWER POINTS THE CANDIDATE COVERED, AND SCORE EACH QUESTION ON THESE LEVELS",
            MUTED,
        )];
        rows.push(Row {
            height: 2.0,
            draws: Vec::new(),
            keep_with_next: true,
        });
        let legend = self.rubric_row(edition, "the rubric", None);
        rows.push(legend);
        rows.push(Row::space(12.0));
        rows
    }

    /// The rubric's levels side by side, each with its anchor; with a question's number, a box
    /// to tick in each, a radio group of the form (without, it is the compact card's legend).
    pub(crate) fn rubric_row(
        &mut self,
        edition: &Edition,
        context: &str,
        question: Option<usize>,
    ) -> Row {
        let boxes = question.is_some();
        let indent = if boxes { 14.0 } else { 0.0 };
        let w = self.page.content_width();
        let n = edition.rubric.len().max(1) as f32;
        let gap = 6.0;
        let bw = (w - gap * (n - 1.0)) / n;
        // The legend (no boxes) is set tighter: it is read once, not ticked.
        let pad = if boxes { 5.0 } else { 3.5 };
        let (anchor_size, anchor_leading) = if boxes { (7.4, 9.6) } else { (7.0, 8.6) };
        let mut cells = Vec::new();
        for (i, level) in edition.rubric.iter().enumerate() {
            let title = format!("{} · {}", i + 1, level.label);
            let mut cell = self.text(
                &title,
                Style {
                    face: Face::Bold,
                    size: 8.6,
                    leading: 12.0,
                    color: INK,
                },
                bw - 2.0 * pad - indent,
                context,
            );
            for row in &mut cell {
                row.shift(indent, 0.0);
            }
            cell.extend(self.text(
                &level.anchor,
                Style {
                    face: Face::Regular,
                    size: anchor_size,
                    leading: anchor_leading,
                    color: MUTED,
                },
                bw - 2.0 * pad,
                context,
            ));
            cells.push(merge(cell));
        }
        let height = cells.iter().map(|c| c.height).fold(0.0, f32::max) + 2.0 * pad;
        let mut row = Row {
            height: height + 2.0,
            draws: Vec::new(),
            keep_with_next: false,
        };
        for (i, mut cell) in cells.into_iter().enumerate() {
            let x = i as f32 * (bw + gap);
            row.draws.push(Draw::Rect {
                x,
                y: 0.0,
                w: bw,
                h: height,
                fill: None,
                stroke: Some((RULE, 0.8)),
            });
            if let Some(number) = question {
                row.draws.push(Draw::Rect {
                    x: x + pad,
                    y: pad + 2.0,
                    w: 8.5,
                    h: 8.5,
                    fill: None,
                    stroke: Some((INK, 0.8)),
                });
                row.draws.push(Draw::Field {
                    x: x + pad,
                    y: pad + 2.0,
                    w: 8.5,
                    h: 8.5,
                    field: Field::Radio(format!("q{number}.score"), (i + 1).to_string()),
                });
            }
            cell.shift(x + pad, pad);
            row.draws.extend(cell.draws);
        }
        row
    }
}

/// A small bold label of the compact evidence area, at (`x`, `y`).
fn small_label(x: f32, y: f32, text: &str) -> Draw {
    Draw::Text {
        x,
        y,
        face: Face::Bold,
        size: 6.5,
        color: MUTED,
        text: text.to_owned(),
    }
}
