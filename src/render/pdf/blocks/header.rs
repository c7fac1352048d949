//! The card's header: the title, the role, and the facts of the interview (candidate,
//! interviewer, seniority, date, length, edition and the agenda).

use super::super::layout::{ACCENT, Draw, Face, INK, MUTED, RULE, Row, Style, merge};
use super::super::style::BODY;
use super::{Builder, capitalise};
use crate::edition::{Edition, Scorecard};

impl Builder<'_> {
    /// The head of the card: what it is, the role, and the facts of the interview.
    pub(crate) fn title_block(&mut self, edition: &Edition, card: &Scorecard) -> Vec<Row> {
        let w = self.page.content_width();
        let mut rows = Vec::new();
        rows.extend(self.text(
            "INTERVIEW SCORECARD",
            Style {
                face: Face::Bold,
                size: 8.0,
                leading: 12.0,
                color: ACCENT,
            },
            w,
            "the title",
        ));
        rows.extend(self.text(
            &edition.role,
            if self.density.compact {
                Style {
                    face: Face::Bold,
                    size: 16.0,
                    leading: 20.0,
                    color: INK,
                }
            } else {
                Style {
                    face: Face::Bold,
                    size: 20.0,
                    leading: 25.0,
                    color: INK,
                }
            },
            w,
            "the role",
        ));
        rows.push(Row::space(8.0));
        rows.extend(self.facts(edition, card));
        rows.push(Row::space(6.0));
        rows
    }

    /// The facts of the interview in labelled cells, two or three to a row, then the agenda
    /// (when there is one) in a row of its own across the page.
    fn facts(&mut self, edition: &Edition, card: &Scorecard) -> Vec<Row> {
        let w = self.page.content_width();
        let length = format!(
            "{} min of questions ({} planned)",
            card.total_minutes, edition.duration
        );
        let edition_line = format!(
            "{} · {} {} · seed {}",
            edition.fingerprint, edition.bank.name, edition.bank.version, edition.seed
        );
        let seniority = capitalise(&format!("{:?}", edition.seniority).to_lowercase());
        let facts: [(&str, Option<&str>); 6] = [
            ("CANDIDATE", edition.candidate.as_deref()),
            ("INTERVIEWER", card.interviewer.as_deref()),
            ("SENIORITY", Some(&seniority)),
            ("DATE", Some(&edition.date)),
            ("LENGTH", Some(&length)),
            ("EDITION", Some(&edition_line)),
        ];
        // With an intro or a closing, the slot's agenda (the time markers below count from
        // the start of the slot).
        let agenda = edition
            .agenda_line(card)
            .map(|line| format!("{line} · {} min in all", edition.slot_minutes()));
        let compact = self.density.compact;
        let gap = if compact { 16.0 } else { 22.0 };
        let per_row = if compact { 3 } else { 2 };
        let col_w = (w - gap * (per_row - 1) as f32) / per_row as f32;
        let agenda_fact = [("AGENDA (MINUTES)", agenda.as_deref())];
        let rows_of_facts = facts
            .chunks(per_row)
            .map(|pair| (pair, col_w))
            .chain(agenda.is_some().then_some((&agenda_fact[..], w)));
        let mut rows = Vec::new();
        for (pair, col_w) in rows_of_facts {
            let cells = pair
                .iter()
                .map(|(label, value)| self.fact(label, *value, col_w))
                .collect();
            rows.push(fact_row(cells, col_w, gap, if compact { 4.0 } else { 8.0 }));
        }
        rows
    }

    /// One fact's cell, `w` wide: its label, and its value or room to write it in.
    fn fact(&mut self, label: &str, value: Option<&str>, w: f32) -> Row {
        let value_size = if self.density.compact { 9.0 } else { 11.0 };
        let mut cell = self.text(
            label,
            Style {
                face: Face::Bold,
                size: 7.0,
                leading: 10.0,
                color: MUTED,
            },
            w,
            "a label",
        );
        match value {
            Some(v) => cell.extend(self.text(
                v,
                Style {
                    size: value_size,
                    leading: value_size + 4.0,
                    ..BODY
                },
                w,
                "the header",
            )),
            None => cell.push(Row::space(15.0)),
        }
        merge(cell)
    }
}

/// A row of fact cells, `col_w` wide and `gap` apart, each over a rule, then `row_gap`.
fn fact_row(cells: Vec<Row>, col_w: f32, gap: f32, row_gap: f32) -> Row {
    let height = cells.iter().map(|c| c.height).fold(0.0, f32::max) + 4.0;
    let mut row = Row {
        height: height + row_gap,
        draws: Vec::new(),
        keep_with_next: false,
    };
    for (i, mut cell) in cells.into_iter().enumerate() {
        let x = i as f32 * (col_w + gap);
        cell.shift(x, 0.0);
        row.draws.extend(cell.draws);
        row.draws.push(Draw::Line {
            x1: x,
            y1: height,
            x2: x + col_w,
            y2: height,
            color: RULE,
            width: 0.6,
        });
    }
    row
}
