//! Text into positioned glyphs. Each character is drawn from its face, else from the first
//! fallback font that has it (`fallback`); right-to-left runs are put in visual order by the
//! Unicode bidirectional algorithm (unicode-bidi); and each run of one font and direction is
//! shaped by rustybuzz, so Arabic joins, Devanagari forms its conjuncts and Thai marks sit
//! where they belong. Every glyph keeps the text it stands for, so the PDF gives the text
//! back in reading order.
//!
//! Text the bundled face shows character by character (Latin, Greek, Cyrillic and most
//! symbols) takes none of this: each character is its glyph ([`is_simple`]).

use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, Level};

use super::fonts::{Face, Font, FontKey, Fonts};

/// A shaped glyph: its id in its font, its advance and offsets (1/1000 em), and, for the
/// first glyph of a cluster, the cluster's text (a range of the shaped text).
#[derive(Debug, Clone)]
pub(super) struct Glyph {
    pub id: u16,
    pub advance: f32,
    pub dx: f32,
    pub dy: f32,
    pub text: Option<Range<usize>>,
}

/// Glyphs of one font, in visual order, and the text they show (in logical order); `plain`
/// when each glyph is one character and all stand in reading order, so that the font's text
/// map alone gives the text back; `rtl` when it runs right to left (its glyphs, in visual
/// order, are what text extractors expect and turn back into reading order).
#[derive(Debug, Clone)]
pub(super) struct Run {
    pub font: FontKey,
    pub glyphs: Vec<Glyph>,
    pub text: Range<usize>,
    pub plain: bool,
    pub rtl: bool,
}

/// Characters that are not drawn but steer shaping or direction: joiners, directional marks
/// and isolates, variation selectors. No font need have them.
pub(super) fn ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
    )
}

/// Whether `c` may need more than its own glyph: combining marks, scripts that join, reorder
/// or stack, and right-to-left ones.
fn complex(c: char) -> bool {
    match c as u32 {
        0..=0x2FF | 0x370..=0x58F | 0x1E00..=0x1FFF => false,
        0x2000..=0x2BFF => ignorable(c),
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFFD => false,
        0x20000..=0x3FFFF => false,
        _ => true,
    }
}

/// Whether `font` shows `text` character by character.
pub(super) fn is_simple(font: &Font, text: &str) -> bool {
    simple_width(font, text).is_some()
}

/// The advance of `text` in 1/1000 em when `font` shows it character by character: measured
/// in one pass, as layout measures most text many times.
#[inline]
pub(super) fn simple_width(font: &Font, text: &str) -> Option<u32> {
    let mut units = 0;
    for c in text.chars() {
        // Below U+0300 nothing is complex: skip the test for the bulk of the text.
        if c as u32 >= 0x300 && complex(c) {
            return None;
        }
        units += u32::from(font.advance(c)?);
    }
    Some(units)
}

/// `text` set in `face` as runs of glyphs, in visual order.
pub(super) fn shape(fonts: &Fonts, face: Face, text: &str) -> Vec<Run> {
    if is_simple(fonts.bundled(face), text) {
        return vec![simple(
            fonts.bundled(face),
            face.into(),
            text,
            0..text.len(),
        )];
    }
    let fonts_of = fonts_of(fonts, face, text);
    let mut runs = Vec::new();
    for (range, rtl) in directions(text) {
        // Pieces of one font within this directional run, in logical order.
        let mut pieces: Vec<(FontKey, Range<usize>)> = Vec::new();
        for &(at, key) in fonts_of.iter().filter(|(at, _)| range.contains(at)) {
            match pieces.last_mut() {
                Some((last, piece)) if *last == key => piece.end = next_char(text, at),
                _ => pieces.push((key, at..next_char(text, at))),
            }
        }
        if rtl {
            pieces.reverse();
        }
        for (key, piece) in pieces {
            let Some(font) = fonts.font(key) else {
                continue;
            };
            // What the face shows character by character is measured and drawn so
            // wherever it stands: a line's width is the sum of its words'.
            if key <= FontKey::from(Face::Mono) && !rtl && is_simple(font, &text[piece.clone()]) {
                runs.push(simple(font, key, text, piece));
            } else {
                runs.push(shape_piece(font, key, text, piece, rtl));
            }
        }
    }
    runs
}

/// A piece of text the font shows character by character: each character its glyph.
fn simple(font: &Font, key: FontKey, text: &str, piece: Range<usize>) -> Run {
    let glyphs = text[piece.clone()]
        .char_indices()
        .map(|(at, c)| Glyph {
            id: font.glyph(c).unwrap_or(0),
            advance: f32::from(font.advance(c).unwrap_or(0)),
            dx: 0.0,
            dy: 0.0,
            text: Some(piece.start + at..piece.start + at + c.len_utf8()),
        })
        .collect();
    Run {
        font: key,
        glyphs,
        text: piece,
        plain: true,
        rtl: false,
    }
}

/// How many of a shaped piece's glyphs stand for nothing but joiners and the like (which
/// draw nothing and get no glyph).
fn hidden(
    piece: &str,
    infos: &[rustybuzz::GlyphInfo],
    positions: &[rustybuzz::GlyphPosition],
) -> usize {
    infos
        .iter()
        .zip(positions)
        .filter(|(info, position)| {
            position.x_advance == 0
                && piece
                    .get(info.cluster as usize..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(ignorable)
        })
        .count()
}

fn next_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(0, char::len_utf8)
}

/// The font of each character (by its byte offset): a combining mark or joiner stays in the
/// font of the character before it when that font has it, so a cluster is shaped whole.
/// Characters no font has are left to the face, which shows them as it shows U+FFFD.
fn fonts_of(fonts: &Fonts, face: Face, text: &str) -> Vec<(usize, FontKey)> {
    let mut out: Vec<(usize, FontKey)> = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let previous = out.last().map(|&(_, key)| key);
        let joins = ignorable(c) || is_mark(c);
        let key = match previous {
            Some(key) if joins && (ignorable(c) || fonts.font(key).is_some_and(|f| f.has(c))) => {
                key
            }
            _ => fonts.font_for(face, c).unwrap_or(face.into()),
        };
        out.push((at, key));
    }
    out
}

/// Combining marks: the blocks of them, and the marks of the Indic and South-East Asian
/// scripts (which rustybuzz keeps with their base when they share its font).
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F
        | 0x0951..=0x0957 | 0x0962..=0x0963 | 0x0981..=0x0983 | 0x09BC..=0x09D7
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The directional runs of `text` in visual order, each with whether it runs right to left.
/// Text with no right-to-left character is one left-to-right run.
fn directions(text: &str) -> Vec<(Range<usize>, bool)> {
    let rtl = |class: BidiClass| {
        matches!(
            class,
            BidiClass::R
                | BidiClass::AL
                | BidiClass::AN
                | BidiClass::RLE
                | BidiClass::RLO
                | BidiClass::RLI
        )
    };
    if !text.chars().any(|c| rtl(unicode_bidi::bidi_class(c))) {
        return vec![(0..text.len(), false)];
    }
    let info = BidiInfo::new(text, Some(Level::ltr()));
    let mut out = Vec::new();
    for paragraph in &info.paragraphs {
        let (levels, runs) = info.visual_runs(paragraph, paragraph.range.clone());
        for run in runs {
            let rtl = levels.get(run.start).is_some_and(|level| level.is_rtl());
            out.push((run, rtl));
        }
    }
    out
}

/// One piece of text in one font and direction, shaped.
fn shape_piece(font: &Font, key: FontKey, text: &str, piece: Range<usize>, rtl: bool) -> Run {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(&text[piece.clone()]);
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(font.shaper(), &[], buffer);
    let scale = 1000.0 / font.units_per_em();
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    // Where each cluster ends: at the next cluster's start, in logical order.
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |start: usize| {
        let next = starts.partition_point(|&s| s <= start);
        piece.start + starts.get(next).copied().unwrap_or(piece.len())
    };
    let mut seen = vec![false; starts.len()];
    let shown = text[piece.clone()]
        .chars()
        .filter(|&c| !ignorable(c))
        .count();
    let mut plain = infos.len() - hidden(&text[piece.clone()], infos, positions) == shown;
    let mut glyphs = Vec::with_capacity(infos.len());
    for (info, position) in infos.iter().zip(positions) {
        let start = info.cluster as usize;
        let slot = starts.partition_point(|&s| s < start);
        let first = !std::mem::replace(&mut seen[slot], true);
        let cluster = piece.start + start..end_of(start);
        // Joiners, marks of direction and the like draw nothing: they get no glyph, and
        // so no text of a glyph that draws something (the shaper gives them a space's).
        if position.x_advance == 0 && text[cluster.clone()].chars().all(ignorable) {
            continue;
        }
        plain &= text[cluster.clone()].chars().count() == 1;
        glyphs.push(Glyph {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            advance: position.x_advance as f32 * scale,
            dx: position.x_offset as f32 * scale,
            dy: position.y_offset as f32 * scale,
            text: first.then_some(cluster),
        });
    }
    Run {
        font: key,
        glyphs,
        text: piece,
        plain,
        rtl,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled faces cover Hebrew and Arabic, so these need no other font.
    fn runs(text: &str) -> Vec<Run> {
        shape(Fonts::get().unwrap(), Face::Regular, text)
    }

    #[test]
    fn latin_is_one_plain_run_of_the_face() {
        let [run] = runs("Zoë Ångström").try_into().unwrap();
        assert_eq!(run.font, FontKey::from(Face::Regular));
        assert!(run.plain && !run.rtl);
        assert_eq!(run.glyphs.len(), 12);
    }

    #[test]
    fn right_to_left_text_is_in_visual_order_and_keeps_its_text() {
        let text = "Ann דוד";
        let runs = runs(text);
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert!(!runs[0].rtl && runs[1].rtl);
        let font = Fonts::get().unwrap().bundled(Face::Regular);
        // Visually, the last letter comes first.
        let first = &runs[1].glyphs[0];
        assert_eq!(Some(first.id), font.glyph('ד'));
        assert_eq!(first.text.clone().map(|r| &text[r]), Some("ד"));
    }

    #[test]
    fn a_ligature_stands_for_its_letters() {
        let text = "لا";
        let [run] = runs(text).try_into().unwrap();
        assert!(run.rtl);
        assert_eq!(run.glyphs.len(), 1, "{run:?}");
        assert_eq!(run.glyphs[0].text.clone().map(|r| &text[r]), Some("لا"));
    }

    #[test]
    fn invisible_controls_get_no_glyph() {
        let text = "a\u{2068}b\u{2069}\u{200D}c";
        let glyphs: usize = runs(text).iter().map(|r| r.glyphs.len()).sum();
        assert_eq!(glyphs, 3);
        assert!(runs(text).iter().all(|r| r.plain));
    }
}
