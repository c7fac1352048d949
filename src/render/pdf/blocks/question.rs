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

    pub(crate) fn question_block(
        &mut self,
        edition: &Edition,
        q: &CardQuestion,
        note_lines: usize,
    ) -> Vec<Row> {
        let w = self.page.content_width();
        let context = format!("question {}", q.id);
        let mut rows = Vec::new();

        // Header: number badge, topic, and on the right level, minutes and the clock.
        let meta = format!(
            "{} · {} min · minute {}–{}",
            capitalise(q.level.name()),
            q.minutes,
            q.start_minute,
            q.end_minute
        );
        let meta_style = Style {
            face: Face::Regular,
            size: 8.6,
            leading: 12.0,
            color: MUTED,
        };
        let meta_w = self.fonts.face(Face::Regular).width(&meta, meta_style.size);
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
            &context,
        );
        let mut header = merge(title_rows);
        header.shift(badge + 8.0, 2.0);
        let height = header.height.max(badge) + if self.density.compact { 1.0 } else { 6.0 };
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
        head.draws.push(Draw::Rect {
            x: 0.0,
            y: 3.0,
            w: badge,
            h: badge - 4.0,
            fill: Some(ACCENT),
            stroke: None,
        });
        let number = q.number.to_string();
        let nw = self.fonts.face(Face::Bold).width(&number, 10.0);
        head.draws.push(Draw::Text {
            x: (badge - nw) / 2.0,
            y: 15.0,
            face: Face::Bold,
            size: 10.0,
            color: Rgb(1.0, 1.0, 1.0),
            text: number,
        });
        head.draws.extend(header.draws);
        let meta_text = printable(self.fonts, Face::Regular, &meta, &context, self.warnings);
        head.draws.push(Draw::Text {
            x: w - meta_w,
            y: 14.0,
            face: Face::Regular,
            size: meta_style.size,
            color: MUTED,
            text: meta_text,
        });
        rows.push(head);
        if let Some(out) = &q.replaces {
            // Said on paper too, so the interviewer knows why this card differs from a
            // colleague's of the same level.
            let mut note = merge(self.text(
                &format!("Replaces {out}, which this candidate may not be asked."),
                Style {
                    face: Face::Regular,
                    size: 8.6,
                    leading: 12.0,
                    color: MUTED,
                },
                w,
                &context,
            ));
            note.keep_with_next = true;
            rows.push(note);
        }
        rows.push(Row {
            height: if self.density.compact { 2.0 } else { 4.0 },
            draws: Vec::new(),
            keep_with_next: true,
        });

        // The prompt.
        let d = self.density;
        for block in markup::blocks(&q.prompt) {
            match block {
                Block::Para { spans } => {
                    let mut para =
                        wrap_spans(self.fonts, &spans, d.prompt, w, &context, self.warnings);
                    if let Some(last) = para.last_mut() {
                        last.height += d.para_gap;
                    }
                    rows.extend(para);
                }
                Block::Code { text } => {
                    let (size, leading, pad) = d.code;
                    let lines = code_rows(
                        self.fonts,
                        &text,
                        size,
                        leading,
                        w - 2.0 * pad,
                        &context,
                        self.warnings,
                    );
                    let mut first = true;
                    let count = lines.len();
                    for (i, mut line) in lines.into_iter().enumerate() {
                        let top = if first { pad } else { 0.0 };
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
                        first = false;
                    }
                    rows.push(Row::space(pad));
                }
            }
        }
        rows.push(Row::space(d.gap / 2.0));

        if d.compact {
            rows.extend(self.points_and_probes(q, w, &context));
            rows.push(Row::space(d.gap));
            // Five evidence lines with the score boxes in a column at their right, then
            // full-width lines where the page has room to spare. The last four rows are in
            // this order for `with_note_lines`.
            rows.push(self.compact_notes(edition, q, &context));
            rows.push(ruled_lines(
                note_lines,
                w,
                d.note_line,
                Some(format!("q{}.more-notes", q.number)),
            ));
            rows.push(Row::space(0.0));
            rows.push(Row::space(0.0));
        } else {
            rows.extend(self.points_and_probes(q, w, &context));
            // Evidence notes and the rubric stay together. The last four rows are in this
            // order for `with_note_lines`.
            rows.push(self.label("EVIDENCE NOTES", MUTED));
            rows.push(ruled_lines(
                note_lines,
                w,
                d.note_line,
                Some(format!("q{}.notes", q.number)),
            ));
            rows.push(self.label("SCORE — tick one", MUTED));
            rows.push(self.rubric_row(edition, &context, Some(q.number)));
        }
        rows.push(Row::space(d.trailing));
        rows
    }
}
