//! The panel's coverage table: who asks about which topic, shown on each panel member's card.

use super::super::layout::{ACCENT, Face, INK, MUTED, Row, SOFT, Style};
use super::super::style::SMALL;
use super::Builder;
use crate::edition::{Edition, Scorecard};

impl Builder<'_> {
    pub(crate) fn coverage_block(&mut self, edition: &Edition, card: &Scorecard) -> Vec<Row> {
        let w = self.page.content_width();
        let mut rows = vec![self.heading("Panel coverage")];
        rows.extend(self.text(
            "Who asks about what. No question is asked twice on this panel; compare the edition code to be sure you hold the same one.",
            Style { color: MUTED, ..SMALL },
            w,
            "the coverage note",
        ));
        rows.push(Row::space(4.0));
        let topics = edition.all_topics();
        let first = (w * 0.34).min(190.0);
        let n = edition.scorecards.len().max(1) as f32;
        let col = (w - first) / n;
        let mut header: Vec<Vec<Row>> = vec![self.text(
            "Topic",
            Style {
                face: Face::Bold,
                ..SMALL
            },
            first - 8.0,
            "the coverage table",
        )];
        for c in &edition.scorecards {
            let name = c.interviewer.clone().unwrap_or_default();
            let style = Style {
                face: Face::Bold,
                color: if std::ptr::eq(c, card) { ACCENT } else { INK },
                ..SMALL
            };
            header.push(self.text(&name, style, col - 8.0, "the coverage table"));
        }
        rows.push(self.table_row(header, first, col, Some(SOFT)));
        for (id, title) in topics.iter().chain(std::iter::once(&("", "Total"))) {
            let mut cells = vec![self.text(
                title,
                Style {
                    face: if id.is_empty() {
                        Face::Bold
                    } else {
                        Face::Regular
                    },
                    ..SMALL
                },
                first - 8.0,
                "the coverage table",
            )];
            for c in &edition.scorecards {
                let text = if id.is_empty() {
                    format!("{} q · {} min", c.questions.len(), c.total_minutes)
                } else {
                    match c.topics.iter().find(|t| t.id == *id) {
                        Some(t) => format!("{} q · {} min", t.questions, t.minutes),
                        None => "–".to_owned(),
                    }
                };
                cells.push(self.text(&text, SMALL, col - 8.0, "the coverage table"));
            }
            rows.push(self.table_row(cells, first, col, None));
        }
        rows.push(Row::space(14.0));
        rows
    }
}
