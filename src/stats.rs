//! `scorecard bank stats`: the coverage matrix of a bank — questions and minutes per
//! topic × level — as a terminal table or JSON, so a bank author sees the gaps at a glance.

use std::fmt::Write as _;

use serde::Serialize;

use crate::bank::{Bank, Level, Question};
use crate::error::{Error, Result};
use crate::ledger::{Entry, exposure};
use crate::lint::{askable, cell_need};

/// Questions and minutes of one cell (or of a row, a column or the whole bank).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Cell {
    pub questions: u32,
    pub minutes: u32,
    /// Whether a topic's cell holds fewer questions that can be asked together than a default
    /// mix may draw from one topic at this level (the `bank lint` warning). Absent on totals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thin: Option<bool>,
}

impl Cell {
    fn add(&mut self, q: &Question) {
        self.questions += 1;
        self.minutes += q.minutes;
    }
}

/// One value per question level, in level order.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Levels {
    pub basic: Cell,
    pub intermediate: Cell,
    pub advanced: Cell,
    pub expert: Cell,
}

impl Levels {
    fn get_mut(&mut self, level: Level) -> &mut Cell {
        match level {
            Level::Basic => &mut self.basic,
            Level::Intermediate => &mut self.intermediate,
            Level::Advanced => &mut self.advanced,
            Level::Expert => &mut self.expert,
        }
    }

    fn get(&self, level: Level) -> Cell {
        match level {
            Level::Basic => self.basic,
            Level::Intermediate => self.intermediate,
            Level::Advanced => self.advanced,
            Level::Expert => self.expert,
        }
    }
}

/// A row of the matrix.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TopicRow {
    pub topic: String,
    pub title: String,
    pub levels: Levels,
    pub total: Cell,
}

/// Which bank the numbers are about.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BankInfo {
    pub name: String,
    pub title: String,
    pub version: String,
}

/// The coverage matrix of a bank; also the `--json` output.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Stats {
    pub bank: BankInfo,
    pub topics: Vec<TopicRow>,
    /// Column totals.
    pub levels: Levels,
    pub total: Cell,
    /// How often each question was asked, with `--ledger`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exposure: Option<Exposure>,
}

/// How often the bank's questions were asked, from a ledger.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Exposure {
    pub ledger: String,
    /// Cards in the ledger.
    pub cards: usize,
    /// Every question of the bank, most asked first (ties by id).
    pub questions: Vec<Asked>,
}

/// One question's exposure.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Asked {
    pub id: String,
    pub topic: String,
    pub level: Level,
    pub times: u32,
    /// The last interview date it was asked on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
}

/// Most exposed questions listed in the table.
const MOST_EXPOSED: usize = 10;

impl Stats {
    /// Add how often each question was asked, from the entries of the ledger at `path`.
    pub(crate) fn add_exposure(&mut self, bank: &Bank, path: &std::path::Path, entries: &[Entry]) {
        let counts = exposure(entries);
        let mut questions: Vec<Asked> = bank
            .questions
            .iter()
            .map(|q| {
                let (times, last) = counts.get(q.id.as_str()).copied().unwrap_or((0, ""));
                Asked {
                    id: q.id.clone(),
                    topic: q.topic.clone(),
                    level: q.level,
                    times,
                    last: (!last.is_empty()).then(|| last.to_owned()),
                }
            })
            .collect();
        questions.sort_by(|a, b| b.times.cmp(&a.times).then_with(|| a.id.cmp(&b.id)));
        self.exposure = Some(Exposure {
            ledger: path.display().to_string(),
            cards: entries.len(),
            questions,
        });
    }

    pub(crate) fn of(bank: &Bank) -> Stats {
        let mut topics: Vec<TopicRow> = bank
            .topics
            .iter()
            .map(|t| TopicRow {
                topic: t.id.clone(),
                title: t.title.clone(),
                levels: Levels::default(),
                total: Cell::default(),
            })
            .collect();
        let mut levels = Levels::default();
        let mut total = Cell::default();
        let cells = bank.cells();
        for (row, topic) in topics.iter_mut().zip(&bank.topics) {
            for level in Level::ALL {
                let cell = cells
                    .get(&(topic.id.as_str(), level))
                    .map_or(&[][..], Vec::as_slice);
                let slot = row.levels.get_mut(level);
                for q in cell {
                    slot.add(q);
                    row.total.add(q);
                    levels.get_mut(level).add(q);
                    total.add(q);
                }
                slot.thin = Some(askable(cell) < cell_need(level).0);
            }
        }
        Stats {
            bank: BankInfo {
                name: bank.name.clone(),
                title: bank.title.clone(),
                version: bank.version.clone(),
            },
            topics,
            levels,
            total,
            exposure: None,
        }
    }

    /// Pretty-printed JSON with a trailing newline.
    pub(crate) fn json(&self) -> Result<String> {
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|e| Error::internal(format!("could not write the statistics as JSON: {e}")))?;
        text.push('\n');
        Ok(text)
    }

    /// The matrix as a right-aligned text table: `questions/minutes` per cell, `!` on thin
    /// cells, a total row and column, and a legend.
    pub(crate) fn table(&self) -> String {
        let mut header = vec!["topic".to_owned()];
        header.extend(Level::ALL.iter().map(|l| l.name().to_owned()));
        header.push("total".to_owned());
        let mut rows: Vec<Vec<String>> = vec![header];
        for row in &self.topics {
            let mut cells = vec![row.topic.clone()];
            cells.extend(Level::ALL.iter().map(|&l| cell_text(row.levels.get(l))));
            cells.push(cell_text(row.total));
            rows.push(cells);
        }
        let mut totals = vec!["total".to_owned()];
        totals.extend(Level::ALL.iter().map(|&l| cell_text(self.levels.get(l))));
        totals.push(cell_text(self.total));
        rows.push(totals);

        let columns = rows[0].len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        let title = if self.bank.title.is_empty() {
            String::new()
        } else {
            format!(" · {}", self.bank.title)
        };
        let _ = writeln!(
            out,
            "bank {} {}{title} · {} question(s), {} minute(s) in {} topic(s)",
            self.bank.name,
            self.bank.version,
            self.total.questions,
            self.total.minutes,
            self.topics.len()
        );
        let _ = writeln!(out);
        let last = rows.len() - 1;
        for (i, row) in rows.iter().enumerate() {
            if i == last {
                let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                let _ = writeln!(out, "{}", rule.join("  "));
            }
            let mut line = format!("{:<w$}", row[0], w = widths[0]);
            for (c, cell) in row.iter().enumerate().skip(1) {
                let _ = write!(line, "  {cell:>w$}", w = widths[c]);
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "cells: questions/minutes");
        if self.topics.iter().any(|t| {
            Level::ALL
                .iter()
                .any(|&l| t.levels.get(l).thin == Some(true))
        }) {
            let _ = writeln!(
                out,
                "!: too few questions for a focused interview at a default seniority mix (see `scorecard bank lint`)"
            );
        }
        if let Some(exposure) = &self.exposure {
            exposure_table(&mut out, exposure);
        }
        out
    }
}

fn exposure_table(out: &mut String, exposure: &Exposure) {
    let never = exposure.questions.iter().filter(|q| q.times == 0).count();
    let _ = writeln!(
        out,
        "\nexposure: {} card(s) in {}; {never} of {} question(s) never asked",
        exposure.cards,
        exposure.ledger,
        exposure.questions.len()
    );
    let most: Vec<&Asked> = exposure
        .questions
        .iter()
        .filter(|q| q.times > 0)
        .take(MOST_EXPOSED)
        .collect();
    if most.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "most asked (consider retiring questions that may have leaked):"
    );
    let width = most
        .iter()
        .map(|q| q.times.to_string().len())
        .max()
        .unwrap_or(1);
    for q in most {
        let _ = writeln!(
            out,
            "  {:>width$}x  last {}  {} ({}, {})",
            q.times,
            q.last.as_deref().unwrap_or("-"),
            q.id,
            q.topic,
            q.level
        );
    }
}

fn cell_text(cell: Cell) -> String {
    let mark = if cell.thin == Some(true) { "!" } else { "" };
    if cell.questions == 0 {
        format!("-{mark}")
    } else {
        format!("{}/{}{mark}", cell.questions, cell.minutes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_counts_minutes_and_thin_marks() {
        let mut cell = Cell {
            questions: 3,
            minutes: 17,
            thin: Some(false),
        };
        assert_eq!(cell_text(cell), "3/17");
        cell.thin = Some(true);
        assert_eq!(cell_text(cell), "3/17!");
        assert_eq!(cell_text(Cell::default()), "-");
    }
}
