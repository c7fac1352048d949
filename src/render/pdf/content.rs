//! Page content streams, written directly.
//!
//! printpdf turns a page's operations into lopdf operations and lopdf formats each operand
//! through a generic writer, one `write!` per glyph byte: for a card that was a third of all
//! the work of writing its PDF. The card's pages use a handful of operators, so they are
//! written here, straight into bytes, exactly as printpdf and lopdf would write them (a test
//! compares the two byte for byte). printpdf still writes everything else: fonts, widths,
//! text mappings, pages and metadata.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use super::layout::{Draw, Face, Rgb};

/// Glyph ids of the characters a card uses, per face, in that face's embedded subset.
pub type Glyphs = BTreeMap<Face, Arc<BTreeMap<char, u16>>>;

/// The state that persists between operations, so each is written only when it changes.
#[derive(Default)]
struct State {
    font: Option<(Face, f32)>,
    fill: Option<Rgb>,
    outline: Option<(Rgb, f32)>,
}

/// A page's content stream: text objects, rectangles and lines, with font, colours and line
/// width set only when they change. `y` is measured down from the top of a page
/// `page_height` points tall; PDF measures up from the bottom.
pub fn page(
    draws: &[Draw],
    page_height: f32,
    glyphs: &Glyphs,
    font_name: impl Fn(Face) -> String,
) -> Vec<u8> {
    let mut out = Writer::default();
    let mut state = State::default();
    for draw in draws {
        match draw {
            Draw::Text {
                x,
                y,
                face,
                size,
                color,
                text,
            } => {
                out.op("BT");
                set_fill(&mut out, &mut state, *color);
                if state.font != Some((*face, *size)) {
                    out.name(&font_name(*face));
                    out.real(*size);
                    out.op("Tf");
                    state.font = Some((*face, *size));
                }
                out.real(*x);
                out.real(page_height - y);
                out.op("Td");
                let map = glyphs.get(face);
                out.glyphs(
                    text.chars()
                        .map(|c| map.and_then(|m| m.get(&c)).copied().unwrap_or(0)),
                );
                out.op("Tj");
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
        }
    }
    out.finish()
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
        self.text.clear();
        let _ = write!(self.text, "{value}");
        self.bytes.extend_from_slice(self.text.as_bytes());
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

impl Writer {
    /// lopdf puts a newline between operations, not after the last one.
    fn finish(mut self) -> Vec<u8> {
        if self.bytes.last() == Some(&b'\n') {
            self.bytes.pop();
        }
        self.bytes
    }
}
