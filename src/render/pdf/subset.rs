//! Font subsets for embedding, made once per face and set of characters and shared by every
//! card that uses the same set: in a batch, cards differ only in a name or two, so most reuse
//! a subset instead of cutting the same one again. The result depends only on the face and
//! the characters, so a card's bytes are the same whether its subset was cached or not.
//!
//! Most cards show only characters of each face's common subset ([`super::common`]), cut and
//! deflated when the tool was built; those embed it as it is. Other faces a card needs are cut
//! on separate threads, and each font program is deflated on the thread that cut it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

use printpdf::ParsedFont;

use super::common;
use super::layout::{Face, Fonts};
use super::ttf::TrueType;
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
        .map(|(face, chars)| {
            let subset = if chars.iter().all(|&c| common::contains(c)) {
                Some(common_subset(*face, &tag_of(*face))?)
            } else {
                cached(&key(*face, chars))
            };
            Ok((*face, subset))
        })
        .collect::<Result<_>>()?;
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

/// Each face's common subset and its deflated form, made by `build.rs`, in the order of
/// [`Face`].
const COMMON: [(&[u8], &[u8]); 3] = [
    (
        include_bytes!(concat!(env!("OUT_DIR"), "/common-0.ttf")),
        include_bytes!(concat!(env!("OUT_DIR"), "/common-0.ttf.z")),
    ),
    (
        include_bytes!(concat!(env!("OUT_DIR"), "/common-1.ttf")),
        include_bytes!(concat!(env!("OUT_DIR"), "/common-1.ttf.z")),
    ),
    (
        include_bytes!(concat!(env!("OUT_DIR"), "/common-2.ttf")),
        include_bytes!(concat!(env!("OUT_DIR"), "/common-2.ttf.z")),
    ),
];

/// The deflated form of a font program that is a common subset.
pub fn common_deflated(raw: &[u8]) -> Option<&'static [u8]> {
    COMMON
        .iter()
        .find(|(program, _)| *program == raw)
        .map(|(_, deflated)| *deflated)
}

/// The face's common subset named `<tag>+<font name>`, read on first use.
fn common_subset(face: Face, tag: &str) -> Result<Subset> {
    static READ: [OnceLock<Option<Subset>>; 3] = [const { OnceLock::new() }; 3];
    let program = COMMON[face.index()].0;
    let subset = READ[face.index()].get_or_init(|| {
        let mut font = ParsedFont::from_bytes(program, 0, &mut Vec::new())?;
        let ttf = TrueType::parse(program)?;
        font.font_name = ttf.postscript_name();
        let glyphs = common::chars()
            .into_iter()
            .filter_map(|c| Some((c, ttf.glyph(c)?)))
            .collect();
        Some(Subset {
            font,
            glyphs: Arc::new(glyphs),
        })
    });
    let mut subset = subset
        .clone()
        .ok_or_else(|| Error::usage("the common subset of a PDF font could not be read"))?;
    subset.font.font_name = Some(tagged_name(tag, subset.font.font_name.as_deref()));
    Ok(subset)
}

/// A subset's font name, `<tag>+<font name>`, as PDF subsets must be named.
fn tagged_name(tag: &str, name: Option<&str>) -> String {
    format!("{tag}+{}", name.unwrap_or("DejaVu"))
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
    let name = fonts.face(face).ttf.postscript_name();
    parsed.font_name = Some(tagged_name(tag, name.as_deref()));
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

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    #[test]
    fn common_subsets_are_what_the_subsetter_cuts_now() {
        // build.rs cut them with the same code; a change to either shows here.
        let fonts = Fonts::get().unwrap();
        for face in [Face::Regular, Face::Bold, Face::Mono] {
            let (program, deflated) = COMMON[face.index()];
            let (cut, _) = fonts.face(face).ttf.subset(&common::chars()).unwrap();
            assert_eq!(cut, program, "{face:?}");
            let mut inflated = Vec::new();
            flate2::read::ZlibDecoder::new(deflated)
                .read_to_end(&mut inflated)
                .unwrap();
            assert_eq!(inflated, program, "{face:?}");
            assert_eq!(common_deflated(program), Some(deflated));
        }
    }

    #[test]
    fn a_common_subset_maps_every_common_character_the_face_has() {
        let fonts = Fonts::get().unwrap();
        for face in [Face::Regular, Face::Bold, Face::Mono] {
            let subset = common_subset(face, "ABCDEF").unwrap();
            assert_eq!(
                subset.font.font_name.as_deref(),
                Some(
                    [
                        "ABCDEF+DejaVuSans",
                        "ABCDEF+DejaVuSans-Bold",
                        "ABCDEF+DejaVuSansMono"
                    ][face.index()]
                )
            );
            let full = &fonts.face(face).ttf;
            for c in common::chars() {
                assert_eq!(
                    subset.glyphs.contains_key(&c),
                    full.glyph(c).is_some(),
                    "{face:?} {c:?}"
                );
            }
            assert!(common::chars().iter().all(|&c| common::contains(c)));
        }
    }

    #[test]
    fn only_characters_outside_the_common_set_cut_a_subset() {
        let fonts = Fonts::get().unwrap();
        let tag = |_| "ABCDEF".to_owned();
        let ascii: BTreeSet<char> = "Ada Lovelace · 1843 — “notes”".chars().collect();
        let used = BTreeMap::from([(Face::Regular, ascii)]);
        let [(_, subset)] = subsets(fonts, &used, tag).unwrap().try_into().ok().unwrap();
        assert_eq!(subset.font.source_bytes().unwrap().as_slice(), COMMON[0].0);
        let accented: BTreeSet<char> = "Zoë".chars().collect();
        let used = BTreeMap::from([(Face::Regular, accented.clone())]);
        let [(_, subset)] = subsets(fonts, &used, tag).unwrap().try_into().ok().unwrap();
        assert_eq!(
            subset.glyphs.keys().copied().collect::<BTreeSet<_>>(),
            accented
        );
    }
}
