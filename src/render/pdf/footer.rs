//! The footer of every page: who the card is for, its edition and "page N of M".

use super::blocks::shorten;
use super::layout::{Draw, Face, Fonts, MUTED, RULE};
use super::page::Page;
use crate::edition::{Edition, Scorecard};

/// Footer of every page: who the card is for on the left (shortened with an ellipsis when it
/// would collide), the edition and "page N of M" on the right.
pub(super) fn add_footers(
    fonts: &Fonts,
    page: Page,
    pages: &mut [Vec<Draw>],
    footer: &str,
    fingerprint: &str,
) {
    let count = pages.len();
    let regular = fonts.face(Face::Regular);
    let size = 7.6;
    let y = page.height - page.bottom + 28.0;
    for (index, draws) in pages.iter_mut().enumerate() {
        let right = format!("edition {fingerprint} · page {} of {count}", index + 1);
        let right_w = regular.width(&right, size);
        let room = page.content_width() - right_w - 16.0;
        let left = shorten(regular, footer.to_owned(), size, room);
        draws.push(Draw::Line {
            x1: page.left,
            y1: y - 12.0,
            x2: page.width - page.right,
            y2: y - 12.0,
            color: RULE,
            width: 0.5,
        });
        draws.push(Draw::Text {
            x: page.left,
            y,
            face: Face::Regular,
            size,
            color: MUTED,
            text: left,
        });
        draws.push(Draw::Text {
            x: page.width - page.right - right_w,
            y,
            face: Face::Regular,
            size,
            color: MUTED,
            text: right,
        });
    }
}

/// The card's title (role, candidate, interviewer): the document's title.
pub(super) fn footer_text(edition: &Edition, card: &Scorecard) -> String {
    crate::render::card_title(edition, card)
}

/// The footer's left part: the card's title, each part isolated for direction (U+2068 … U+2069)
/// when one is written right to left, so two Arabic or Hebrew names read in the order the
/// footer gives them instead of running together. A title in left-to-right scripts only is
/// drawn as it is.
pub(super) fn footer_line(edition: &Edition, card: &Scorecard) -> String {
    let mut parts = vec![edition.role.as_str()];
    parts.extend(edition.candidate.as_deref());
    parts.extend(card.interviewer.as_deref());
    let right_to_left = parts.iter().flat_map(|p| p.chars()).any(|c| {
        matches!(
            unicode_bidi::bidi_class(c),
            unicode_bidi::BidiClass::R | unicode_bidi::BidiClass::AL
        )
    });
    if !right_to_left {
        return parts.join(" · ");
    }
    parts
        .iter()
        .map(|p| format!("\u{2068}{p}\u{2069}"))
        .collect::<Vec<_>>()
        .join(" · ")
}
