//! A question's expected answer points, as boxes to tick, and its follow-ups and red flags.

use super::super::layout::{Draw, FLAG, Face, Field, INK, MUTED, Rgb, Row, merge, wrap_spans};
use super::super::style::{BODY, SMALL};
use super::Builder;
use crate::edition::CardQuestion;
use crate::render::markup;

impl Builder<'_> {
    /// A question's expected answer points as checkboxes, then its follow-ups and red flags,
    /// `w` wide. Compact leaves out the points' label (the legend says to tick them) and sets
    /// the probes' labels in a column beside them.
    pub(crate) fn points_and_probes(
        &mut self,
        q: &CardQuestion,
        w: f32,
        context: &str,
    ) -> Vec<Row> {
        let mut rows = self.expected_points(q, w, context);
        rows.push(Row::space(self.density.gap));
        for (label, items, color) in [
            ("FOLLOW-UPS", &q.follow_ups, MUTED),
            ("RED FLAGS", &q.red_flags, FLAG),
        ] {
            if !items.is_empty() {
                rows.extend(self.probes(label, items, color, w, context));
            }
        }
        rows
    }

    /// The expected answer points, each with a box to tick (a check box of the form).
    fn expected_points(&mut self, q: &CardQuestion, w: f32, context: &str) -> Vec<Row> {
        let d = self.density;
        let mut rows = Vec::new();
        if !d.compact {
            rows.push(self.label(
                "EXPECTED ANSWER POINTS — tick what the candidate covered",
                MUTED,
            ));
            rows.push(Row {
                height: 2.0,
                draws: Vec::new(),
                keep_with_next: true,
            });
        }
        let box_size = 8.5;
        let indent = 16.0;
        // The box sits on the first line's text: 3 points down at the roomy size.
        let box_y = 3.0 + (d.points.leading - BODY.leading) / 2.0;
        for (k, point) in q.expected.iter().enumerate() {
            let spans = markup::spans(point);
            let mut lines = wrap_spans(
                self.fonts,
                &spans,
                d.points,
                w - indent,
                context,
                self.warnings,
            );
            for line in &mut lines {
                line.shift(indent, 0.0);
            }
            if let Some(first) = lines.first_mut() {
                first.draws.push(Draw::Rect {
                    x: 0.5,
                    y: box_y,
                    w: box_size,
                    h: box_size,
                    fill: None,
                    stroke: Some((INK, 0.8)),
                });
                first.draws.push(Draw::Field {
                    x: 0.5,
                    y: box_y,
                    w: box_size,
                    h: box_size,
                    field: Field::Check(format!("q{}.point.{}", q.number, k + 1)),
                });
            }
            let mut point_row = merge(lines);
            point_row.height += d.point_gap;
            rows.push(point_row);
        }
        rows
    }

    /// Follow-ups or red flags: bulleted items under their label (compact: the label in a
    /// column of its own beside the items, not on a line above).
    fn probes(
        &mut self,
        label: &str,
        items: &[String],
        color: Rgb,
        w: f32,
        context: &str,
    ) -> Vec<Row> {
        let d = self.density;
        let column = if d.compact { 62.0 } else { 0.0 };
        let mut rows = Vec::new();
        if !d.compact {
            rows.push(self.label(label, color));
        }
        for (k, item) in items.iter().enumerate() {
            let spans = markup::spans(item);
            let mut lines = wrap_spans(
                self.fonts,
                &spans,
                d.probes,
                w - 12.0 - column,
                context,
                self.warnings,
            );
            for line in &mut lines {
                line.shift(12.0 + column, 0.0);
            }
            if k == 0
                && d.compact
                && let Some(first) = lines.first_mut()
            {
                first.draws.push(Draw::Text {
                    x: 0.0,
                    y: 7.4,
                    face: Face::Bold,
                    size: 6.8,
                    color,
                    text: label.to_owned(),
                });
            }
            if let Some(first) = lines.first_mut() {
                first.draws.push(Draw::Text {
                    x: 2.0 + column,
                    y: 8.8 - (SMALL.leading - d.probes.leading) / 2.0,
                    face: Face::Bold,
                    size: d.probes.size,
                    color,
                    text: "•".to_owned(),
                });
            }
            rows.push(merge(lines));
        }
        if !d.compact {
            rows.push(Row::space(d.gap));
        }
        rows
    }
}
