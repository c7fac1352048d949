//! The card's header: the title, the role, and the facts of the interview (candidate,
//! interviewer, seniority, date, length, edition and the agenda).

use super::super::layout::{ACCENT, Draw, Face, INK, MUTED, RULE, Row, Style, merge};
use super::super::style::BODY;
use super::{Builder, capitalise};
use crate::edition::{Edition, Scorecard};

impl Builder<'_> {
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
        let gap = if self.density.compact { 16.0 } else { 22.0 };
        let per_row = if self.density.compact { 3 } else { 2 };
        let col_w = (w - gap * (per_row - 1) as f32) / per_row as f32;
        let value_size = if self.density.compact { 9.0 } else { 11.0 };
        let row_gap = if self.density.compact { 4.0 } else { 8.0 };
        let agenda_fact = [("AGENDA (MINUTES)", agenda.as_deref())];
        // The agenda, when there is one, takes a row of its own across the page.
        let rows_of_facts = facts
            .chunks(per_row)
            .map(|pair| (pair, col_w))
            .chain(agenda.is_some().then_some((&agenda_fact[..], w)));
        for (pair, col_w) in rows_of_facts {
            let mut cells = Vec::new();
            for (label, value) in pair {
                let mut cell = self.text(
                    label,
                    Style {
                        face: Face::Bold,
                        size: 7.0,
                        leading: 10.0,
                        color: MUTED,
                    },
                    col_w,
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
                        col_w,
                        "the header",
                    )),
                    None => cell.push(Row::space(15.0)),
                }
                cells.push(merge(cell));
            }
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
            rows.push(row);
        }
        rows.push(Row::space(6.0));
        rows
    }
}
