//! Font subsets for embedding, made once per face and set of characters and shared by every
//! card that uses the same set: in a batch, cards differ only in a name or two, so most reuse
//! a subset instead of cutting the same one again. The result depends only on the face and
//! the characters, so a card's bytes are the same whether its subset was cached or not.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use printpdf::ParsedFont;

use super::layout::{Face, Fonts};
use crate::error::{Error, Result};

/// Distinct subsets kept; a batch with more distinct character sets starts over.
const CACHE_LIMIT: usize = 64;

type Key = (Face, Vec<char>);

static CACHE: Mutex<BTreeMap<Key, ParsedFont>> = Mutex::new(BTreeMap::new());

/// The face cut down to `chars`, named `<tag>+<font name>` as PDF subsets must be.
pub fn subset(fonts: &Fonts, face: Face, chars: &BTreeSet<char>, tag: &str) -> Result<ParsedFont> {
    let key: Key = (face, chars.iter().copied().collect());
    if let Some(hit) = CACHE.lock().ok().and_then(|cache| cache.get(&key).cloned()) {
        return Ok(hit);
    }
    let full = &fonts.face(face).parsed;
    let glyphs: BTreeMap<u16, String> = chars
        .iter()
        .filter_map(|&c| {
            full.lookup_glyph_index(c as u32)
                .filter(|g| *g != 0)
                .map(|g| (g, c.to_string()))
        })
        .collect();
    let cut = printpdf::subset_font(full, &glyphs)
        .map_err(|e| Error::usage(format!("could not subset the PDF font: {e}")))?;
    let mut parsed = ParsedFont::from_bytes(&cut.bytes, 0, &mut Vec::new())
        .ok_or_else(|| Error::usage("the subset PDF font could not be read back"))?;
    let name = full
        .font_name
        .clone()
        .unwrap_or_else(|| "DejaVu".to_owned());
    parsed.font_name = Some(format!("{tag}+{name}"));
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, parsed.clone());
    }
    Ok(parsed)
}
