//! Evidence lines: the ruled lines a question's notes are written on, and how many each
//! question gets so that pages fill without leaving blank space.

use super::compose::total_height;
use super::layout::{Draw, Field, RULE, Row};
use super::page::Page;
use super::style::Density;

/// The card's question blocks, each laid out once, and what decides how many evidence lines
/// each one gets.
pub(super) struct NoteLines<'a> {
    pub(super) blocks: &'a [Vec<Row>],
    pub(super) page: Page,
    pub(super) density: Density,
    /// The height of the first part after the questions.
    pub(super) end: f32,
}

impl NoteLines<'_> {
    /// Question `i`'s block with its evidence lines, when `remaining` is the room left on the
    /// current page.
    pub(super) fn fitted(&self, i: usize, remaining: f32) -> Vec<Row> {
        let d = self.density;
        let content = self.page.content_height();
        let fits = |rows: &[Row], room: f32| total_height(rows) - d.trailing <= room;
        let mut lines = d.note_lines;
        let mut rows = self.block(i, lines);
        // Roomy: four evidence lines by default; two when that lets the question stay on the
        // current page, or when even a fresh page is too short for four. Compact keeps its
        // minimum.
        if !d.compact && (!fits(&rows, remaining) || !fits(&rows, content)) {
            let tighter = self.block(i, 2);
            if fits(&tighter, remaining) || !fits(&rows, content) {
                rows = tighter;
                lines = 2;
            }
        }
        // When what follows will not fit below this question, give the rest of the page to
        // this question's evidence notes instead of leaving it blank.
        let height = total_height(&rows);
        let room_after = if fits(&rows, remaining) {
            remaining - height
        } else {
            content - height
        };
        let next = match self.blocks.get(i + 1) {
            Some(_) if d.compact => total_height(&self.block(i + 1, d.note_lines)) - d.trailing,
            Some(next) => total_height(next) - d.trailing,
            None => self.end,
        };
        if next > room_after && room_after >= d.note_line {
            let extra = ((room_after / d.note_line).floor() as usize).min(30);
            rows = self.block(i, lines + extra);
        }
        rows
    }

    /// Question `i`'s block with `lines` evidence lines.
    fn block(&self, i: usize, lines: usize) -> Vec<Row> {
        with_note_lines(&self.blocks[i], lines, self.page, self.density.note_line)
    }
}

/// Where a question block's evidence lines are, counted from its end: the lines, then the
/// score label, the rubric and the trailing space (see `Builder::question_block`).
pub(super) const NOTE_LINES_FROM_END: usize = 4;

/// A question block with `count` evidence lines instead of the ones it was laid out with (and
/// their form field, which takes the new lines' area).
pub(super) fn with_note_lines(block: &[Row], count: usize, page: Page, spacing: f32) -> Vec<Row> {
    let mut rows = block.to_vec();
    if let Some(at) = rows.len().checked_sub(NOTE_LINES_FROM_END) {
        let name = rows[at].draws.iter().find_map(|d| match d {
            Draw::Field {
                field: Field::Text(name),
                ..
            } => Some(name.clone()),
            _ => None,
        });
        rows[at] = ruled_lines(count, page.content_width(), spacing, name);
    }
    rows
}

/// `count` ruled lines across `width`, `spacing` apart, kept with the row after them; with a
/// name, a text field over them (from the top of the first line's writing space to the last;
/// kept even over no lines, so that `with_note_lines` can give it lines later).
pub(super) fn ruled_lines(count: usize, width: f32, spacing: f32, field: Option<String>) -> Row {
    // No lines, no room: compact questions may have none below their evidence area.
    let height = if count == 0 {
        0.0
    } else {
        count as f32 * spacing + 4.0
    };
    let mut row = Row {
        height,
        draws: Vec::new(),
        keep_with_next: true,
    };
    if let Some(name) = field {
        row.draws.push(Draw::Field {
            x: 0.0,
            y: 0.0,
            w: width,
            h: count as f32 * spacing,
            field: Field::Text(name),
        });
    }
    row.draws.extend(rules(count, width, spacing));
    row
}

/// `count` ruled lines across `width`, the first `spacing` below the top, `spacing` apart.
pub(super) fn rules(count: usize, width: f32, spacing: f32) -> impl Iterator<Item = Draw> {
    (1..=count).map(move |i| {
        let y = i as f32 * spacing;
        Draw::Line {
            x1: 0.0,
            y1: y,
            x2: width,
            y2: y,
            color: RULE,
            width: 0.6,
        }
    })
}
