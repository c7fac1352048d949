//! Font subsets for embedding, cut with the subsetter crate (TrueType and CFF outlines, a
//! face of a collection by its index) and deflated on the thread that cut them. A subset is
//! made once per font and set of glyphs and shared by every document that uses the same set:
//! in a batch, cards differ only in a name or two, so most reuse a subset instead of cutting
//! the same one again. The result depends only on the font and the glyphs, so a card's bytes
//! are the same whether its subset was cached or not.
//!
//! Most cards draw only glyphs of each bundled face's subset cut when the tool was built
//! (`build.rs`, with the character sets of [`super::common`]); those embed it as it is.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::compression::deflate;
use super::fonts::{FontKey, Fonts};
use crate::error::{Error, Result};

/// Distinct subsets kept; a batch with more distinct glyph sets starts over.
const CACHE_LIMIT: usize = 64;

/// A subset's font program and the glyphs it holds.
#[derive(Clone)]
pub(super) struct Subset {
    /// The program as embedded (a TrueType font, or the CFF table of an OpenType font), its
    /// length and its deflated bytes.
    pub length: usize,
    pub deflated: Arc<[u8]>,
    /// The original glyph ids it holds, in the order of their new ids (1, 2, ...; 0 is
    /// `.notdef`). Parts of composite glyphs may follow them in the program.
    pub glyphs: Arc<[u16]>,
    /// Whether the program is CFF.
    pub cff: bool,
    /// Whether it was cut when the tool was built (it may hold glyphs a document does not
    /// draw, for the form's typed text among others).
    pub prebuilt: bool,
}

impl Subset {
    /// The new id of each original glyph id (0 where the subset does not hold it), as a table
    /// indexed by the original id.
    pub(super) fn new_ids(&self, glyph_count: u16) -> Vec<u16> {
        let mut table = vec![0u16; usize::from(glyph_count)];
        for (new, &old) in (1u16..).zip(self.glyphs.iter()) {
            if let Some(slot) = table.get_mut(usize::from(old)) {
                *slot = new;
            }
        }
        table
    }
}

/// A bundled face's subset made by `build.rs`: its program, deflated program and the original
/// glyph ids it holds in the order of their new ids, in the order of `Face`.
struct Prebuilt {
    program: &'static [u8],
    deflated: &'static [u8],
    glyphs: &'static [u16],
}

const PREBUILT: [Prebuilt; 3] = include!(concat!(env!("OUT_DIR"), "/subsets.rs"));

/// The bundled face `key`'s prebuilt subset.
pub(super) fn prebuilt(key: FontKey) -> Option<Subset> {
    static READ: [OnceLock<Subset>; 3] = [const { OnceLock::new() }; 3];
    let index = usize::from(key.0);
    let built = PREBUILT.get(index)?;
    Some(
        READ[index]
            .get_or_init(|| Subset {
                length: built.program.len(),
                deflated: built.deflated.into(),
                glyphs: built.glyphs.into(),
                cff: false,
                prebuilt: true,
            })
            .clone(),
    )
}

type Key = (FontKey, Vec<u16>);

static CACHE: Mutex<BTreeMap<Key, Subset>> = Mutex::new(BTreeMap::new());

/// A subset of each font in `used` (its original glyph ids, ascending) that holds its glyphs,
/// in the order given: a bundled face's prebuilt one when it holds them all, else one cut for
/// exactly those glyphs. Subsets not cached yet are cut in parallel.
pub(super) fn subsets(
    fonts: &Fonts,
    used: &BTreeMap<FontKey, Vec<u16>>,
) -> Result<Vec<(FontKey, Subset)>> {
    let mut found: Vec<(FontKey, Option<Subset>)> = used
        .iter()
        .map(|(&key, glyphs)| {
            let subset = prebuilt(key)
                .filter(|p| {
                    glyphs
                        .iter()
                        .all(|g| *g == 0 || p.glyphs.binary_search(g).is_ok())
                })
                .or_else(|| cached(&(key, glyphs.clone())));
            (key, subset)
        })
        .collect();
    let missing: Vec<FontKey> = found
        .iter()
        .filter(|(_, hit)| hit.is_none())
        .map(|(key, _)| *key)
        .collect();
    let cut = |key: FontKey| cut(fonts, key, &used[&key]);
    let made: Vec<Result<Subset>> = if missing.len() > 1 {
        crate::parallel::map(missing.clone(), cut)
    } else {
        missing.iter().map(|&key| cut(key)).collect()
    };
    let mut made = missing.into_iter().zip(made);
    for (key, slot) in &mut found {
        if slot.is_none()
            && let Some((_, result)) = made.find(|(k, _)| k == key)
        {
            *slot = Some(result?);
        }
    }
    found
        .into_iter()
        .map(|(key, subset)| {
            subset
                .map(|s| (key, s))
                .ok_or_else(|| Error::internal("a PDF font subset went missing"))
        })
        .collect()
}

fn cached(key: &Key) -> Option<Subset> {
    CACHE.lock().ok().and_then(|cache| cache.get(key).cloned())
}

/// The font cut down to `glyphs`, deflated, and kept in the cache (`subsets` looks there
/// first).
fn cut(fonts: &Fonts, key: FontKey, glyphs: &[u16]) -> Result<Subset> {
    let font = fonts
        .font(key)
        .ok_or_else(|| Error::internal("a PDF font is not loaded"))?;
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(glyphs);
    let cut = subsetter::subset(font.data, font.index, &remapper)
        .map_err(|e| Error::internal(format!("could not subset the PDF font: {e}")))?;
    let cff = font.is_cff();
    // A CFF font is embedded as its CFF table alone.
    let program: &[u8] = if cff {
        ttf_parser::RawFace::parse(&cut, 0)
            .ok()
            .and_then(|face| face.table(ttf_parser::Tag::from_bytes(b"CFF ")))
            .ok_or_else(|| Error::internal("the CFF subset has no CFF table"))?
    } else {
        &cut
    };
    let deflated =
        deflate(program, true).ok_or_else(|| Error::internal("could not compress a PDF font"))?;
    let subset = Subset {
        length: program.len(),
        deflated: deflated.into(),
        glyphs: remapper.remapped_gids().skip(1).collect(),
        cff,
        prebuilt: false,
    };
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert((key, glyphs.to_vec()), subset.clone());
    }
    Ok(subset)
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;
    use crate::render::pdf::fonts::Face;

    #[test]
    fn prebuilt_subsets_hold_their_glyphs_with_the_faces_widths() {
        let fonts = Fonts::get().unwrap();
        for face in [Face::Regular, Face::Bold, Face::Mono] {
            let built = &PREBUILT[face.index()];
            let mut program = Vec::new();
            flate2::read::ZlibDecoder::new(built.deflated)
                .read_to_end(&mut program)
                .unwrap();
            assert_eq!(program, built.program, "{face:?}");
            let cut = ttf_parser::Face::parse(built.program, 0).unwrap();
            let full = fonts.bundled(face);
            let chars = match face {
                Face::Regular => super::super::common::form_chars(),
                _ => super::super::common::chars(),
            };
            let subset = prebuilt(face.into()).unwrap();
            let ids = subset.new_ids(full.glyph_count());
            for c in chars {
                let Some(old) = full.glyph(c) else { continue };
                let new = ids[usize::from(old)];
                assert!(new > 0, "{face:?} {c:?}");
                let advance = cut.glyph_hor_advance(ttf_parser::GlyphId(new)).unwrap();
                assert_eq!(
                    (f32::from(advance) * 1000.0 / f32::from(cut.units_per_em())).round() as u16,
                    full.glyph_advance(old),
                    "{face:?} {c:?}"
                );
            }
            // Unhinted: no instructions' tables.
            assert!(
                cut.raw_face()
                    .table(ttf_parser::Tag::from_bytes(b"fpgm"))
                    .is_none()
            );
        }
    }

    #[test]
    fn only_glyphs_outside_the_prebuilt_subset_cut_one() {
        let fonts = Fonts::get().unwrap();
        let bold = FontKey::from(Face::Bold);
        let glyphs = |text: &str| -> Vec<u16> {
            let mut ids: Vec<u16> = text
                .chars()
                .filter_map(|c| fonts.bundled(Face::Bold).glyph(c))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let ascii = BTreeMap::from([(bold, glyphs("Ada Lovelace · 1843 — “notes”"))]);
        let [(_, subset)] = subsets(fonts, &ascii).unwrap().try_into().ok().unwrap();
        assert!(subset.prebuilt);
        let accented = glyphs("Zoë");
        let used = BTreeMap::from([(bold, accented.clone())]);
        let [(_, subset)] = subsets(fonts, &used).unwrap().try_into().ok().unwrap();
        assert!(!subset.prebuilt);
        assert_eq!(subset.glyphs.to_vec(), accented);
    }
}
