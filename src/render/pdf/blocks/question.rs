//! A question's block: its header, the prompt, then the answer points, probes, evidence
//! notes and score of the layout.

use super::super::layout::{
    ACCENT, Draw, Face, INK, MUTED, Rgb, Row, SOFT, Style, code_rows, merge, printable, wrap_spans,
};
use super::super::notes::ruled_lines;
use super::{Builder, capitalise};
use crate::edition::{CardQuestion, Edition};
use crate::render::markup::{self, Block};

impl Builder<'_> {
    pub(crate) fn continued_row(&mut self, q: &CardQuestion) -> Row {
        let text = format!("Question {} (continued)", q.number);
        let mut row = merge(self.text(
            &text,
            Style {
                face: Face::Bold,
                size: 9.0,
                leading: 14.0,
                color: MUTED,
            },
            self.page.content_width(),
            "a heading",
        ));
        row.height += 4.0;
        row
    }

    /// A question's rows: its header, the prompt, then the answer points and probes, and the
    /// evidence notes (`note_lines` full-width lines) with the score of the layout.
    pub(crate) fn question_block(
        &mut self,
        edition: &Edition,
        q: &CardQuestion,
        note_lines: usize,
    ) -> Vec<Row> {
        let w = self.page.content_width();
        let context = format!("question {}", q.id);
        let mut rows = vec![self.question_head(q, &context)];
        if let Some(out) = &q.replaces {
            rows.push(self.replaces_note(out, &context));
        }
        rows.push(Row {
            height: if self.density.compact { 2.0 } else { 4.0 },
            draws: Vec::new(),
            keep_with_next: true,
        });
        rows.extend(self.prompt_rows(&q.prompt, w, &context));
        rows.push(Row::space(self.density.gap / 2.0));
        rows.extend(self.points_and_probes(q, w, &context));
        rows.extend(self.notes_and_score(edition, q, note_lines, &context));
        rows.push(Row::space(self.density.trailing));
        rows
    }

    /// The header: a line across, the number badge, the topic, and on the right the level,
    /// minutes and the clock.
    fn question_head(&mut self, q: &CardQuestion, context: &str) -> Row {
        let w = self.page.content_width();
        let meta = format!(
            "{} · {} min · minute {}–{}",
            capitalise(q.level.name()),
            q.minutes,
            q.start_minute,
            q.end_minute
        );
        let meta_size = 8.6;
        let meta_w = self.fonts.face(Face::Regular).width(&meta, meta_size);
        let badge = 20.0;
        let title_w = (w - badge - 8.0 - meta_w - 12.0).max(w * 0.35);
        let title_rows = self.text(
            &q.topic_title,
            Style {
                face: Face::Bold,
                size: 11.5,
                leading: 15.0,
                color: INK,
            },
            title_w,
            context,
        );
        let mut title = merge(title_rows);
        title.shift(badge + 8.0, 2.0);
        let height = title.height.max(badge) + if self.density.compact { 1.0 } else { 6.0 };
        let mut head = Row {
            height,
            draws: Vec::new(),
            keep_with_next: true,
        };
        head.draws.push(Draw::Line {
            x1: 0.0,
            y1: 0.0,
            x2: w,
            y2: 0.0,
            color: ACCENT,
            width: 1.4,
        });
        head.draws.extend(self.number_badge(q.number, badge));
        head.draws.extend(title.draws);
        let meta_text = printable(self.fonts, Face::Regular, &meta, context, self.warnings);
        head.draws.push(Draw::Text {
            x: w - meta_w,
            y: 14.0,
            face: Face::Regular,
            size: meta_size,
            color: MUTED,
            text: meta_text,
        });
        head
    }

    /// The question's number, white on a square of the accent colour `size` wide.
    fn number_badge(&self, number: usize, size: f32) -> [Draw; 2] {
        let number = number.to_string();
        let nw = self.fonts.face(Face::Bold).width(&number, 10.0);
        [
            Draw::Rect {
                x: 0.0,
                y: 3.0,
                w: size,
                h: size - 4.0,
                fill: Some(ACCENT),
                stroke: None,
            },
            Draw::Text {
                x: (size - nw) / 2.0,
                y: 15.0,
                face: Face::Bold,
                size: 10.0,
                color: Rgb(1.0, 1.0, 1.0),
                text: number,
            },
        ]
    }

    /// Which question this one replaces. Said on paper too, so the interviewer knows why this
    /// card differs from a colleague's of the same level.
    fn replaces_note(&mut self, out: &str, context: &str) -> Row {
        let mut note = merge(self.text(
            &format!("Replaces {out}, which this candidate may not be asked."),
            Style {
                face: Face::Regular,
                size: 8.6,
                leading: 12.0,
                color: MUTED,
            },
            self.page.content_width(),
            context,
        ));
        note.keep_with_next = true;
        note
    }

    /// The prompt, `w` wide: its paragraphs and its code blocks.
    fn prompt_rows(&mut self, prompt: &str, w: f32, context: &str) -> Vec<Row> {
        let d = self.density;
        let mut rows = Vec::new();
        for block in markup::blocks(prompt) {
            match block {
                Block::Para { spans } => {
                    let mut para =
                        wrap_spans(self.fonts, &spans, d.prompt, w, context, self.warnings);
                    if let Some(last) = para.last_mut() {
                        last.height += d.para_gap;
                    }
                    rows.extend(para);
                }
                Block::Code { text } => rows.extend(self.code_block(&text, w, context)),
            }
        }
        rows
    }

    /// A code block `w` wide: its lines on a shaded ground, padded all round.
    fn code_block(&mut self, text: &str, w: f32, context: &str) -> Vec<Row> {
        let (size, leading, pad) = self.density.code;
        let lines = code_rows(
            self.fonts,
            text,
            size,
            leading,
            w - 2.0 * pad,
            context,
            self.warnings,
        );
        let count = lines.len();
        let mut rows = Vec::with_capacity(count + 1);
        for (i, mut line) in lines.into_iter().enumerate() {
            let top = if i == 0 { pad } else { 0.0 };
            let bottom = if i + 1 == count { pad } else { 0.0 };
            line.shift(pad, top);
            let h = line.height + top + bottom;
            let mut draws = vec![Draw::Rect {
                x: 0.0,
                y: 0.0,
                w,
                h: h + 0.2,
                fill: Some(SOFT),
                stroke: None,
            }];
            draws.extend(line.draws);
            rows.push(Row {
                height: h,
                draws,
                keep_with_next: false,
            });
        }
        rows.push(Row::space(pad));
        rows
    }

    /// Where the interviewer writes and scores. The last four rows are in this order for
    /// `with_note_lines`: the evidence lines, then two rows (roomy: the score label and the
    /// rubric), then the trailing space the caller adds.
    fn notes_and_score(
        &mut self,
        edition: &Edition,
        q: &CardQuestion,
        note_lines: usize,
        context: &str,
    ) -> Vec<Row> {
        let d = self.density;
        let w = self.page.content_width();
        if d.compact {
            // Five evidence lines with the score boxes in a column at their right, then
            // full-width lines where the page has room to spare.
            vec![
                Row::space(d.gap),
                self.compact_notes(edition, q, context),
                ruled_lines(
                    note_lines,
                    w,
                    d.note_line,
                    Some(format!("q{}.more-notes", q.number)),
                ),
                Row::space(0.0),
                Row::space(0.0),
            ]
        } else {
            // Evidence notes and the rubric stay together.
            vec![
                self.label("EVIDENCE NOTES", MUTED),
                ruled_lines(
                    note_lines,
                    w,
                    d.note_line,
                    Some(format!("q{}.notes", q.number)),
                ),
                self.label("SCORE — tick one", MUTED),
                self.rubric_row(edition, context, Some(q.number)),
            ]
        }
    }
}
