//! Text as glyphs: every text a document draws turned, once, into runs of glyph ids of one
//! font each (`shape`), with the text each glyph stands for, which the embedded font's
//! ToUnicode map gives back to readers. The page writer shows the runs; the fonts are cut to
//! the glyphs used.

use std::collections::BTreeMap;
use std::ops::Range;

use super::fonts::{Face, FontKey, Fonts};
use super::layout::Draw;
use super::shape;

/// The glyphs of one font a document draws, and what each stands for.
#[derive(Default)]
pub(super) struct Used {
    /// A bit per glyph id, set when the glyph is in `text`, and one set when its text there
    /// is not empty.
    seen: Vec<u64>,
    texted: Vec<u64>,
    /// Each glyph's text: the first characters it was drawn for (empty for a glyph that is
    /// part of a cluster whose text another glyph carries).
    pub text: BTreeMap<u16, String>,
}

impl Used {
    /// Note that `glyph` is drawn, showing `text` unless it was noted with text before.
    fn note(&mut self, glyph: u16, text: Option<&str>) {
        let (word, bit) = (usize::from(glyph >> 6), 1u64 << (glyph & 63));
        if word >= self.seen.len() {
            self.seen.resize(word + 1, 0);
            self.texted.resize(word + 1, 0);
        }
        // Most glyphs are drawn many times, with their text from the first.
        if self.texted[word] & bit != 0 {
            return;
        }
        let text = text.filter(|t| !t.is_empty());
        if text.is_some() {
            self.texted[word] |= bit;
        }
        if self.seen[word] & bit == 0 {
            self.seen[word] |= bit;
            self.text.insert(glyph, text.unwrap_or_default().to_owned());
        } else if let Some(text) = text
            && let Some(known) = self.text.get_mut(&glyph)
        {
            text.clone_into(known);
        }
    }

    /// The glyph ids, ascending.
    pub(super) fn glyphs(&self) -> Vec<u16> {
        self.text.keys().copied().collect()
    }
}

/// How a shaped glyph is placed, in 1/1000 em: moved right by `dx` and up by `dy` from
/// where the glyph before it leaves the pen, and the pen then moved by its `advance`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    pub dx: f32,
    pub dy: f32,
    pub advance: f32,
}

/// A run of glyphs as the page writer shows it.
pub(super) struct RunView<'a> {
    pub font: FontKey,
    pub glyphs: &'a [u16],
    /// Placement, for a shaped run (else each glyph advances by its width).
    pub placed: Option<&'a [Placed]>,
    /// The text the run shows, for a run whose glyphs alone do not give it back in order.
    pub actual: Option<&'a str>,
}

struct RunRecord {
    font: FontKey,
    glyphs: Range<usize>,
    placed: Option<Range<usize>>,
    actual: Option<String>,
}

/// Every text of a document's pages as runs of glyphs, in drawing order.
#[derive(Default)]
pub(super) struct Shaped {
    glyphs: Vec<u16>,
    placed: Vec<Placed>,
    runs: Vec<RunRecord>,
    /// Each text draw's runs in `runs`.
    texts: Vec<Range<usize>>,
    used: BTreeMap<FontKey, Used>,
}

impl Shaped {
    /// The glyphs of every text draw of `pages`.
    pub(super) fn new(fonts: &Fonts, pages: &[Vec<Draw>]) -> Shaped {
        let mut shaped = Shaped::default();
        for draw in pages.iter().flatten() {
            if let Draw::Text { face, text, .. } = draw {
                shaped.add(fonts, *face, text);
            }
        }
        shaped
    }

    fn add(&mut self, fonts: &Fonts, face: Face, text: &str) {
        let first_run = self.runs.len();
        let font = fonts.bundled(face);
        if shape::is_simple(font, text) {
            // Each character its face's glyph.
            let used = self.used.entry(face.into()).or_default();
            let start = self.glyphs.len();
            let mut buf = [0u8; 4];
            for c in text.chars() {
                let glyph = font.glyph(c).unwrap_or(0);
                used.note(glyph, Some(c.encode_utf8(&mut buf)));
                self.glyphs.push(glyph);
            }
            self.runs.push(RunRecord {
                font: face.into(),
                glyphs: start..self.glyphs.len(),
                placed: None,
                actual: None,
            });
        } else {
            for run in shape::shape(fonts, face, text) {
                self.add_run(text, run);
            }
        }
        self.texts.push(first_run..self.runs.len());
    }

    fn add_run(&mut self, text: &str, run: shape::Run) {
        let used = self.used.entry(run.font).or_default();
        let start = self.glyphs.len();
        let placed_start = self.placed.len();
        for glyph in &run.glyphs {
            used.note(glyph.id, glyph.text.clone().map(|r| &text[r]));
            self.glyphs.push(glyph.id);
            self.placed.push(Placed {
                dx: glyph.dx,
                dy: glyph.dy,
                advance: glyph.advance,
            });
        }
        self.runs.push(RunRecord {
            font: run.font,
            glyphs: start..self.glyphs.len(),
            placed: Some(placed_start..self.placed.len()),
            actual: (!run.plain && !run.rtl).then(|| text[run.text].to_owned()),
        });
    }

    /// The runs of the `index`th text draw, in visual order.
    pub(super) fn text(&self, index: usize) -> impl Iterator<Item = RunView<'_>> {
        let runs = self.texts.get(index).cloned().unwrap_or(0..0);
        self.runs[runs].iter().map(|run| RunView {
            font: run.font,
            glyphs: &self.glyphs[run.glyphs.clone()],
            placed: run.placed.clone().map(|r| &self.placed[r]),
            actual: run.actual.as_deref(),
        })
    }

    /// The glyphs drawn of each font.
    pub(super) fn used(&self) -> &BTreeMap<FontKey, Used> {
        &self.used
    }
}
