//! Text styles and the density of a layout: roomy's sizes and spacing, and compact's smaller
//! ones.

use super::layout::{Face, INK, MUTED, Style};
use crate::spec::Layout;

pub(super) const BODY: Style = Style {
    face: Face::Regular,
    size: 10.0,
    leading: 14.0,
    color: INK,
};
pub(super) const SMALL: Style = Style {
    face: Face::Regular,
    size: 8.6,
    leading: 11.5,
    color: INK,
};
pub(super) const LABEL: Style = Style {
    face: Face::Bold,
    size: 8.0,
    leading: 12.0,
    color: MUTED,
};

/// Distance between the ruled lines for evidence notes: room for handwriting.
pub(super) const NOTE_LINE: f32 = 19.0;

/// Space after each question (roomy); it may hang below the last row of a page.
pub(super) const TRAILING_SPACE: f32 = 18.0;

/// Sizes and spacing of a layout: roomy's are the card's original ones; compact's are
/// smaller, so that whole questions pack onto pages with their evidence lines.
#[derive(Debug, Clone, Copy)]
pub(super) struct Density {
    pub(super) compact: bool,
    /// Evidence lines a question gets at least (roomy: by default), and their spacing.
    pub(super) note_lines: usize,
    pub(super) note_line: f32,
    /// Lines for the reasons of the recommendation.
    pub(super) reason_lines: usize,
    /// Space after each question.
    pub(super) trailing: f32,
    /// The prompt's paragraphs, and the space after each.
    pub(super) prompt: Style,
    pub(super) para_gap: f32,
    /// Code blocks: size, leading and padding.
    pub(super) code: (f32, f32, f32),
    /// Expected answer points, and the space after each.
    pub(super) points: Style,
    pub(super) point_gap: f32,
    /// Follow-ups and red flags.
    pub(super) probes: Style,
    /// Space between the parts of a question.
    pub(super) gap: f32,
    /// Ruled lines for the candidate's questions and for general notes.
    pub(super) end_lines: (usize, usize),
}

impl Density {
    pub(super) fn of(layout: Layout) -> Density {
        match layout {
            Layout::Roomy => Density {
                compact: false,
                note_lines: 4,
                note_line: NOTE_LINE,
                reason_lines: 4,
                trailing: TRAILING_SPACE,
                prompt: Style {
                    size: 10.5,
                    leading: 15.0,
                    ..BODY
                },
                para_gap: 4.0,
                code: (8.6, 11.6, 6.0),
                points: BODY,
                point_gap: 2.0,
                probes: SMALL,
                gap: 4.0,
                end_lines: (6, 8),
            },
            Layout::Compact => Density {
                compact: true,
                // Beside the answer points (at least `COMPACT_NOTE_LINES`); full-width lines
                // below only where a page has room to spare.
                note_lines: 0,
                // 6 mm: room for handwriting, a little tighter than roomy's 6.7 mm.
                note_line: 15.0,
                reason_lines: 3,
                trailing: 9.0,
                prompt: Style {
                    size: 9.0,
                    leading: 11.0,
                    ..BODY
                },
                para_gap: 2.0,
                code: (7.6, 9.0, 3.5),
                points: Style {
                    size: 8.2,
                    leading: 10.0,
                    ..BODY
                },
                point_gap: 0.5,
                probes: Style {
                    size: 7.6,
                    leading: 9.2,
                    ..SMALL
                },
                gap: 2.0,
                end_lines: (4, 5),
            },
        }
    }
}

/// The fewest evidence lines a question gets in the compact layout.
pub(super) const COMPACT_NOTE_LINES: usize = 5;
