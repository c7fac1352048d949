//! The form's font: the regular face cut down to the characters typed text may use (see
//! `common::form_chars`), without hinting, embedded as a Type 0 font with a text mapping, so
//! readers and form fillers can set typed Greek and Cyrillic in it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::ttf::TrueType;
use crate::error::{Error, Result};

/// The form font's program (the regular face's form subset, unhinted; see
/// `common::form_chars`) and its deflated form, made by `build.rs`.
const FORM_FONT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/form.ttf"));
const FORM_FONT_Z: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/form.ttf.z"));

/// What the form font's dictionaries hold, worked out once per process.
struct FormFont {
    name: String,
    widths: Vec<Object>,
    to_unicode: Vec<u8>,
    bbox: [i64; 4],
    ascent: i64,
    descent: i64,
}

fn form_font() -> Result<&'static FormFont> {
    static FONT: OnceLock<Option<FormFont>> = OnceLock::new();
    FONT.get_or_init(|| {
        let ttf = TrueType::parse(FORM_FONT)?;
        let em = f32::from(ttf.units_per_em());
        let scale = |v: i16| (f32::from(v) * 1000.0 / em).round() as i64;
        let glyphs: BTreeMap<char, u16> = super::common::form_chars()
            .into_iter()
            .filter_map(|c| Some((c, ttf.glyph(c)?)))
            .collect();
        let last = glyphs.values().copied().max()?;
        let widths = (0..=last)
            .map(|g| Object::Integer((f32::from(ttf.advance(g)) * 1000.0 / em).round() as i64))
            .collect();
        Some(FormFont {
            name: format!(
                "SCFORM+{}",
                ttf.postscript_name().unwrap_or_else(|| "DejaVuSans".into())
            ),
            widths,
            to_unicode: to_unicode(&glyphs),
            bbox: ttf.bbox().map(scale),
            ascent: scale(ttf.ascender()),
            descent: scale(ttf.descender()),
        })
    })
    .as_ref()
    .ok_or_else(|| Error::internal("the PDF form's font could not be read"))
}

/// A CMap from glyph ids (the font's codes, Identity-H) to Unicode: how a reader extracts
/// typed text, and how a form filler finds the code of each character it sets.
fn to_unicode(glyphs: &BTreeMap<char, u16>) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut by_glyph: Vec<(u16, char)> = glyphs.iter().map(|(&c, &g)| (g, c)).collect();
    by_glyph.sort_unstable();
    by_glyph.dedup_by_key(|(g, _)| *g);
    // Runs of consecutive glyphs for consecutive characters, as ranges: the subset keeps the
    // face's glyph order, which mostly follows the alphabets'.
    let mut runs: Vec<(u16, u16, char)> = Vec::new();
    for &(g, c) in &by_glyph {
        match runs.last_mut() {
            Some((first, last, start))
                if *last + 1 == g
                    && char::from_u32(*start as u32 + u32::from(g - *first)) == Some(c)
                    // A range stays within one block of 256 codes, as CMaps require.
                    && (*first >> 8) == (g >> 8)
                    && c as u32 <= 0xFFFF =>
            {
                *last = g;
            }
            _ => runs.push((g, g, c)),
        }
    }
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in runs.chunks(100) {
        let _ = writeln!(out, "{} beginbfrange", chunk.len());
        for (first, last, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(out, "<{first:04X}> <{last:04X}> <{hex}>");
        }
        out.push_str("endbfrange\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// The form font as a Type 0 font with an embedded TrueType subset.
pub(super) fn add(doc: &mut lopdf::Document) -> Result<ObjectId> {
    let font = form_font()?;
    let mut file = Dictionary::new();
    file.set("Length1", FORM_FONT.len() as i64);
    file.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let mut program = Stream::new(file, FORM_FONT_Z.to_vec());
    program.allows_compression = false;
    let program = doc.add_object(program);
    let name = Object::Name(font.name.clone().into_bytes());
    let mut descriptor = Dictionary::new();
    descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    descriptor.set("FontName", name.clone());
    descriptor.set("Flags", 32);
    descriptor.set(
        "FontBBox",
        Object::Array(font.bbox.iter().map(|&v| Object::Integer(v)).collect()),
    );
    descriptor.set("ItalicAngle", 0);
    descriptor.set("Ascent", font.ascent);
    descriptor.set("Descent", font.descent);
    descriptor.set("CapHeight", 729);
    descriptor.set("StemV", 80);
    descriptor.set("FontFile2", Object::Reference(program));
    let descriptor = doc.add_object(descriptor);
    let mut info = Dictionary::new();
    info.set("Registry", Object::string_literal("Adobe"));
    info.set("Ordering", Object::string_literal("Identity"));
    info.set("Supplement", 0);
    let mut cid = Dictionary::new();
    cid.set("Type", Object::Name(b"Font".to_vec()));
    cid.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
    cid.set("BaseFont", name.clone());
    cid.set("CIDSystemInfo", Object::Dictionary(info));
    cid.set("FontDescriptor", Object::Reference(descriptor));
    cid.set(
        "W",
        Object::Array(vec![Object::Integer(0), Object::Array(font.widths.clone())]),
    );
    cid.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    let cid = doc.add_object(cid);
    let to_unicode = doc.add_object(Stream::new(Dictionary::new(), font.to_unicode.clone()));
    let mut type0 = Dictionary::new();
    type0.set("Type", Object::Name(b"Font".to_vec()));
    type0.set("Subtype", Object::Name(b"Type0".to_vec()));
    type0.set("BaseFont", name);
    type0.set("Encoding", Object::Name(b"Identity-H".to_vec()));
    type0.set(
        "DescendantFonts",
        Object::Array(vec![Object::Reference(cid)]),
    );
    type0.set("ToUnicode", Object::Reference(to_unicode));
    Ok(doc.add_object(type0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_font_maps_greek_cyrillic_and_latin() {
        let font = form_font().unwrap();
        let cmap = String::from_utf8(font.to_unicode.clone()).unwrap();
        // Every character of the form font is in a range of the map.
        let ttf = TrueType::parse(FORM_FONT).unwrap();
        let ranges: Vec<(u16, u16, u32)> = cmap
            .lines()
            .filter_map(|l| {
                let parts: Vec<u32> = l
                    .split(['<', '>', ' '])
                    .filter(|p| !p.is_empty())
                    .map(|p| u32::from_str_radix(p, 16).ok())
                    .collect::<Option<_>>()?;
                match parts[..] {
                    [a, b, c] => Some((a as u16, b as u16, c)),
                    _ => None,
                }
            })
            .collect();
        for c in crate::render::pdf::common::form_chars() {
            let Some(g) = ttf.glyph(c) else { continue };
            assert!(
                ranges
                    .iter()
                    .any(|&(a, b, u)| (a..=b).contains(&g) && u + u32::from(g - a) == c as u32),
                "{c:?} (glyph {g}) is not mapped"
            );
        }
        assert!(font.widths.len() > 500);
        assert!(font.name.starts_with("SCFORM+DejaVuSans"));
    }
}
