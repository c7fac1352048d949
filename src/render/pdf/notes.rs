//! Evidence lines: the ruled lines a question's notes are written on, and how many each
//! question gets so that pages fill without leaving blank space.

use super::layout::{Draw, Field, RULE, Row};
use super::page::Page;

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
    for i in 1..=count {
        let y = i as f32 * spacing;
        row.draws.push(Draw::Line {
            x1: 0.0,
            y1: y,
            x2: width,
            y2: y,
            color: RULE,
            width: 0.6,
        });
    }
    row
}
