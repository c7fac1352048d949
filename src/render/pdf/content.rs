//! Page content streams, written directly.
//!
//! printpdf turns a page's operations into lopdf operations and lopdf formats each operand
//! through a generic writer, one `write!` per glyph byte: for a card that was a third of all
//! the work of writing its PDF. The card's pages use a handful of operators, so they are
//! written here, straight into bytes, exactly as printpdf and lopdf would write them (a test,
//! printpdf's one remaining use, compares the two byte for byte).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::fonts::{Font, FontKey};
use super::glyphs::{Placed, RunView, Shaped};
use super::layout::{Draw, Rgb};

/// An embedded font as the page shows it: its resource name, the id in its subset of each
/// original glyph id, and the font (whose widths a shaped run's placement is relative to).
pub(super) struct Shown<'a> {
    pub name: String,
    pub ids: Vec<u16>,
    pub font: &'a Font,
}

/// The embedded fonts, by key.
pub(super) type Embedded<'a> = BTreeMap<FontKey, Shown<'a>>;

/// The state that persists between operations, so each is written only when it changes.
#[derive(Default)]
struct State {
    font: Option<(FontKey, f32)>,
    fill: Option<Rgb>,
    outline: Option<(Rgb, f32)>,
}

/// A page's content stream: text objects, rectangles and lines, with font, colours and line
/// width set only when they change. `y` is measured down from the top of a page
/// `page_height` points tall; PDF measures up from the bottom. Text is shown as the glyphs
/// of `shaped`, whose text draws are counted from `next_text` (which moves past this page's).
pub(super) fn page(
    draws: &[Draw],
    page_height: f32,
    shaped: &Shaped,
    next_text: &mut usize,
    fonts: &Embedded,
) -> Vec<u8> {
    let mut out = Writer::default();
    let mut state = State::default();
    for draw in draws {
        match draw {
            Draw::Text {
                x, y, size, color, ..
            } => {
                out.op("BT");
                set_fill(&mut out, &mut state, *color);
                let mut placed = false;
                for run in shaped.text(*next_text) {
                    let Some(shown) = fonts.get(&run.font) else {
                        continue;
                    };
                    if state.font != Some((run.font, *size)) {
                        out.name(&shown.name);
                        out.real(*size);
                        out.op("Tf");
                        state.font = Some((run.font, *size));
                    }
                    if !placed {
                        out.real(*x);
                        out.real(page_height - y);
                        out.op("Td");
                        placed = true;
                    }
                    show(&mut out, &run, shown, *size);
                }
                *next_text += 1;
                out.op("ET");
            }
            Draw::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                if let Some(f) = fill {
                    set_fill(&mut out, &mut state, *f);
                }
                if let Some((c, width)) = stroke {
                    set_outline(&mut out, &mut state, *c, *width);
                }
                out.real(*x);
                out.real(page_height - y - h);
                out.real(*w);
                out.real(*h);
                out.op("re");
                out.op(match (fill, stroke) {
                    (Some(_), Some(_)) => "B",
                    (Some(_), None) => "f",
                    _ => "S",
                });
            }
            Draw::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
            } => {
                set_outline(&mut out, &mut state, *color, *width);
                out.real(*x1);
                out.real(page_height - y1);
                out.op("m");
                out.real(*x2);
                out.real(page_height - y2);
                out.op("l");
                out.op("S");
            }
            // A form field's widget is not page content.
            Draw::Field { .. } => {}
        }
    }
    out.finish()
}

/// Show a run: its glyphs as one string, or, shaped, each placed as the shaper placed it
/// (`TJ` adjustments for advances and sideways offsets, text rise for vertical ones); a run
/// whose glyphs do not give its text back in order carries it as `/ActualText`.
fn show(out: &mut Writer, run: &RunView, shown: &Shown, size: f32) {
    let id = |g: u16| shown.ids.get(usize::from(g)).copied().unwrap_or(0);
    let Some(placed) = run.placed else {
        out.glyphs(run.glyphs.iter().map(|&g| id(g)));
        out.op("Tj");
        return;
    };
    if let Some(text) = run.actual {
        out.bytes.extend_from_slice(b"/Span <</ActualText <FEFF");
        for byte in text.encode_utf16().flat_map(u16::to_be_bytes) {
            out.bytes.push(HEX[usize::from(byte >> 4)]);
            out.bytes.push(HEX[usize::from(byte & 0xF)]);
        }
        out.bytes.extend_from_slice(b">>> BDC\n");
    }
    let mut rise = 0.0;
    let mut open = false;
    // The adjustment owed before the next glyph, in 1/1000 em (positive moves left).
    let mut owed = 0.0;
    for (&glyph, &Placed { dx, dy, advance }) in run.glyphs.iter().zip(placed) {
        if dy != rise {
            if open {
                out.close_array();
                open = false;
            }
            out.real(round(dy * size / 1000.0));
            out.op("Ts");
            rise = dy;
        }
        if !open {
            out.bytes.push(b'[');
            open = true;
        }
        owed -= dx;
        if round(owed) != 0.0 {
            out.real(round(owed));
        }
        out.glyphs(std::iter::once(id(glyph)));
        owed = f32::from(shown.font.pdf_width(glyph)) - advance + dx;
    }
    if open {
        out.close_array();
    }
    if rise != 0.0 {
        out.real(0.0);
        out.op("Ts");
    }
    if run.actual.is_some() {
        out.op("EMC");
    }
}

/// Two decimals of a point or of 1/1000 em are finer than any device shows.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn set_fill(out: &mut Writer, state: &mut State, c: Rgb) {
    if state.fill != Some(c) {
        out.color(c);
        out.op("rg");
        state.fill = Some(c);
    }
}

fn set_outline(out: &mut Writer, state: &mut State, c: Rgb, width: f32) {
    if state.outline != Some((c, width)) {
        out.color(c);
        out.op("RG");
        out.real(width);
        out.op("w");
        state.outline = Some((c, width));
    }
}

/// Operands and operators as lopdf writes them: operands each followed by a space, the
/// operator, and a newline between operations.
#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
    text: String,
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

impl Writer {
    fn op(&mut self, operator: &str) {
        self.bytes.extend_from_slice(operator.as_bytes());
        self.bytes.push(b'\n');
    }

    /// A real number: Rust's shortest representation of the `f32`, as lopdf writes it.
    fn real(&mut self, value: f32) {
        if !write_short(&mut self.bytes, value) {
            self.text.clear();
            let _ = write!(self.text, "{value}");
            self.bytes.extend_from_slice(self.text.as_bytes());
        }
        self.bytes.push(b' ');
    }

    fn color(&mut self, c: Rgb) {
        self.real(c.0);
        self.real(c.1);
        self.real(c.2);
    }

    /// A name of letters and digits (the font resource names), which need no escaping.
    fn name(&mut self, name: &str) {
        self.bytes.push(b'/');
        self.bytes.extend_from_slice(name.as_bytes());
        self.bytes.push(b' ');
    }

    /// Two-byte glyph ids as a hexadecimal string.
    fn glyphs(&mut self, ids: impl Iterator<Item = u16>) {
        self.bytes.push(b'<');
        for id in ids {
            for byte in id.to_be_bytes() {
                self.bytes.push(HEX[usize::from(byte >> 4)]);
                self.bytes.push(HEX[usize::from(byte & 0xF)]);
            }
        }
        self.bytes.push(b'>');
        self.bytes.push(b' ');
    }
}

/// Write `value` as `{value}` formats it, for the numbers a page holds (below a million, at
/// most eight decimals); `false`, writing nothing, for any other. The shortest decimal that
/// reads back as `value` is the one with the fewest decimals that does, and among those the
/// nearest: `value` times a power of ten up to 10^8 is exact in an `f64` (24 + 27 bits), so
/// rounding it finds that one. Where two are equally near, the formatter's own rule decides
/// (the caller's fallback).
fn write_short(out: &mut Vec<u8>, value: f32) -> bool {
    let magnitude = value.abs();
    if !value.is_finite() || magnitude >= 1e6 {
        return false;
    }
    let exact = f64::from(magnitude);
    let mut scale = 1.0f64;
    for decimals in 0..=8usize {
        let scaled = exact * scale;
        // Below 10^14, so the conversion truncates exactly.
        let digits = (scaled + 0.5) as u64;
        if (digits as f64 / scale) as f32 == magnitude {
            if digits as f64 - scaled == 0.5 {
                return false;
            }
            // Digits from the last: the decimals, the point, the integer part.
            let mut buf = [0u8; 24];
            let mut at = buf.len();
            let mut n = digits;
            let mut written = 0;
            while written <= decimals || n > 0 {
                if written == decimals && decimals > 0 {
                    at -= 1;
                    buf[at] = b'.';
                }
                at -= 1;
                buf[at] = b'0' + (n % 10) as u8;
                n /= 10;
                written += 1;
            }
            if value.is_sign_negative() {
                out.push(b'-');
            }
            out.extend_from_slice(&buf[at..]);
            return true;
        }
        scale *= 10.0;
    }
    false
}

impl Writer {
    /// End a `TJ` array: lopdf's writer leaves no space before the closing bracket.
    fn close_array(&mut self) {
        if self.bytes.last() == Some(&b' ') {
            self.bytes.pop();
        }
        self.bytes.extend_from_slice(b"] ");
        self.op("TJ");
    }

    /// lopdf puts a newline between operations, not after the last one.
    fn finish(mut self) -> Vec<u8> {
        if self.bytes.last() == Some(&b'\n') {
            self.bytes.pop();
        }
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::{Face, Fonts};
    use crate::render::pdf::layout::INK;

    #[test]
    fn a_shaped_run_is_placed_glyph_by_glyph_and_carries_its_text() {
        let fonts = Fonts::get().unwrap();
        let font = fonts.bundled(Face::Regular);
        // A letter with a combining accent: shaped, and its glyphs alone do not give the two
        // characters back.
        let text = "Zoe\u{301}";
        let pages = vec![vec![Draw::Text {
            x: 10.0,
            y: 20.0,
            face: Face::Regular,
            size: 10.0,
            color: INK,
            text: text.to_owned(),
        }]];
        let shaped = Shaped::new(fonts, &pages);
        let mut embedded = Embedded::new();
        embedded.insert(
            Face::Regular.into(),
            Shown {
                name: "F".to_owned(),
                ids: (0..font.glyph_count()).collect(),
                font,
            },
        );
        let out = String::from_utf8(page(&pages[0], 100.0, &shaped, &mut 0, &embedded)).unwrap();
        assert!(
            out.contains("/Span <</ActualText <FEFF005A006F00650301>>> BDC"),
            "{out}"
        );
        assert!(out.contains("] TJ") && out.contains("EMC"), "{out}");
    }

    /// `write_short` writes what `{}` does, or leaves the number to it.
    fn check(value: f32) -> bool {
        let mut out = Vec::new();
        let short = write_short(&mut out, value);
        if short {
            assert_eq!(
                String::from_utf8(out).unwrap(),
                format!("{value}"),
                "{value:?}"
            );
        } else {
            assert!(out.is_empty());
        }
        short
    }

    #[test]
    fn short_reals_are_written_as_rust_formats_them() {
        for value in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.1,
            0.2,
            0.3,
            1.5,
            12.25,
            595.2756,
            841.8898,
            0.9,
            0.06,
            0.000_001,
            0.000_000_1,
            999_999.9,
            1e6,
            3.4e38,
            1.0e-40,
            0.123_456_79,
            7.0e-6,
        ] {
            check(value);
            check(-value);
        }
        for value in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            assert!(!check(value));
        }
        // Page coordinates and sizes: every hundredth of a point up to a page, and many
        // results of arithmetic on them.
        let mut written = 0;
        for i in 0..120_000 {
            let value = i as f32 / 100.0;
            written += usize::from(check(value));
            check(841.8898 - value);
            check(value * 0.3527);
            check(value / 7.0);
        }
        assert!(written > 100_000, "{written}");
        // Arbitrary bit patterns in the range the fast path takes.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..1_000_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            check(f32::from_bits(state as u32) % 1e6);
        }
    }
}
