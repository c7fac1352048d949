//! Font subsets for embedding, made once per face and set of characters and shared by every
//! card that uses the same set: in a batch, cards differ only in a name or two, so most reuse
//! a subset instead of cutting the same one again. The result depends only on the face and
//! the characters, so a card's bytes are the same whether its subset was cached or not.
//!
//! The faces a card needs are cut on separate threads, and each font program is deflated on
//! the thread that cut it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use printpdf::ParsedFont;

use super::layout::{Face, Fonts};
use crate::error::{Error, Result};

/// Distinct subsets kept; a batch with more distinct character sets starts over.
const CACHE_LIMIT: usize = 64;

type Key = (Face, Vec<char>);

/// A subset as printpdf reads it, and the glyph id of each of its characters.
#[derive(Clone)]
pub struct Subset {
    pub font: ParsedFont,
    pub glyphs: Arc<BTreeMap<char, u16>>,
}

static CACHE: Mutex<BTreeMap<Key, Subset>> = Mutex::new(BTreeMap::new());

/// Each face in `used` cut down to its characters and named `<tag>+<font name>` (the tag from
/// `tag_of`), in the order given. Subsets not cached yet are cut in parallel.
pub fn subsets(
    fonts: &Fonts,
    used: &BTreeMap<Face, BTreeSet<char>>,
    tag_of: impl Fn(Face) -> String + Sync,
) -> Result<Vec<(Face, Subset)>> {
    let mut found: Vec<(Face, Option<Subset>)> = used
        .iter()
        .map(|(face, chars)| (*face, cached(&key(*face, chars))))
        .collect();
    let missing: Vec<Face> = found
        .iter()
        .filter(|(_, hit)| hit.is_none())
        .map(|(face, _)| *face)
        .collect();
    let cut = |face: Face| cut(fonts, face, &used[&face], &tag_of(face));
    let made: Vec<Result<Subset>> = if missing.len() > 1 {
        crate::parallel::map(missing.clone(), cut)
    } else {
        missing.iter().map(|&face| cut(face)).collect()
    };
    let mut made = missing.into_iter().zip(made);
    for (face, slot) in &mut found {
        if slot.is_none()
            && let Some((_, result)) = made.find(|(f, _)| f == face)
        {
            *slot = Some(result?);
        }
    }
    found
        .into_iter()
        .map(|(face, font)| {
            font.map(|f| (face, f))
                .ok_or_else(|| Error::usage("a PDF font subset went missing"))
        })
        .collect()
}

fn key(face: Face, chars: &BTreeSet<char>) -> Key {
    (face, chars.iter().copied().collect())
}

fn cached(key: &Key) -> Option<Subset> {
    CACHE.lock().ok().and_then(|cache| cache.get(key).cloned())
}

/// The face cut down to `chars`, named `<tag>+<font name>` as PDF subsets must be, and kept
/// in the cache (`subsets` looks there first).
fn cut(fonts: &Fonts, face: Face, chars: &BTreeSet<char>, tag: &str) -> Result<Subset> {
    let (cut, glyphs) = fonts
        .face(face)
        .ttf
        .subset(chars)
        .ok_or_else(|| Error::usage("could not subset the PDF font"))?;
    let mut parsed = ParsedFont::from_bytes(&cut, 0, &mut Vec::new())
        .ok_or_else(|| Error::usage("the subset PDF font could not be read back"))?;
    // The font program is embedded as these bytes: deflate it here, on this face's thread.
    if let Some(compressed) = super::deflate(&cut, true) {
        super::remember_font_stream(&cut, compressed);
    }
    let name = parsed
        .font_name
        .clone()
        .unwrap_or_else(|| "DejaVu".to_owned());
    parsed.font_name = Some(format!("{tag}+{name}"));
    let subset = Subset {
        font: parsed,
        glyphs: Arc::new(glyphs),
    };
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key(face, chars), subset.clone());
    }
    Ok(subset)
}
