//! Text as glyphs: every text a document draws turned, once, into runs of glyph ids of one
//! font each, with the text each glyph stands for (which the embedded font's ToUnicode map
//! gives back to readers, so that text extracted from the PDF is the text drawn). The page
//! writer shows the runs; the fonts are cut to the glyphs used.

use std::collections::BTreeMap;
use std::ops::Range;

use super::fonts::{Face, FontKey, Fonts};
use super::layout::Draw;

/// The glyphs of one font a document draws, and what each stands for.
#[derive(Default)]
pub struct Used {
    /// A bit per glyph id, set when the glyph is in `text`.
    seen: Vec<u64>,
    /// Each glyph's text: the first characters it was drawn for.
    pub text: BTreeMap<u16, String>,
}

impl Used {
    /// Note that `glyph` shows `text`, unless it was noted before.
    fn note(&mut self, glyph: u16, text: impl FnOnce() -> String) {
        let (word, bit) = (usize::from(glyph >> 6), glyph & 63);
        if word >= self.seen.len() {
            self.seen.resize(word + 1, 0);
        }
        if self.seen[word] & (1 << bit) == 0 {
            self.seen[word] |= 1 << bit;
            self.text.insert(glyph, text());
        }
    }

    /// The glyph ids, ascending.
    pub fn glyphs(&self) -> Vec<u16> {
        self.text.keys().copied().collect()
    }
}

/// Every text of a document's pages as runs of glyphs, in drawing order.
#[derive(Default)]
pub struct Shaped {
    glyphs: Vec<u16>,
    /// Each run's font and its glyphs in `glyphs`.
    runs: Vec<(FontKey, Range<usize>)>,
    /// Each text draw's runs in `runs`.
    texts: Vec<Range<usize>>,
    used: BTreeMap<FontKey, Used>,
}

impl Shaped {
    /// The glyphs of every text draw of `pages`.
    pub fn new(fonts: &Fonts, pages: &[Vec<Draw>]) -> Shaped {
        let mut shaped = Shaped::default();
        for draw in pages.iter().flatten() {
            if let Draw::Text { face, text, .. } = draw {
                shaped.add(fonts, *face, text);
            }
        }
        shaped
    }

    /// Turn `text` in `face` into glyphs: each character its face's glyph (`printable` has
    /// put U+FFFD in place of characters the face cannot show).
    fn add(&mut self, fonts: &Fonts, face: Face, text: &str) {
        let key = FontKey::from(face);
        let font = fonts.face(face);
        let used = self.used.entry(key).or_default();
        let start = self.glyphs.len();
        for c in text.chars() {
            let glyph = font.glyph(c).unwrap_or(0);
            used.note(glyph, || c.to_string());
            self.glyphs.push(glyph);
        }
        let first_run = self.runs.len();
        self.runs.push((key, start..self.glyphs.len()));
        self.texts.push(first_run..self.runs.len());
    }

    /// The runs of the `index`th text draw: each one's font and glyph ids.
    pub fn text(&self, index: usize) -> impl Iterator<Item = (FontKey, &[u16])> {
        let runs = self.texts.get(index).cloned().unwrap_or(0..0);
        self.runs[runs]
            .iter()
            .map(|(key, glyphs)| (*key, &self.glyphs[glyphs.clone()]))
    }

    /// The glyphs drawn of each font.
    pub fn used(&self) -> &BTreeMap<FontKey, Used> {
        &self.used
    }
}
