//! A font subset written into a PDF as a Type 0 font: a CID font whose codes are the
//! subset's glyph ids (Identity-H), with the glyphs' widths and a ToUnicode map from each
//! glyph to the text it stands for, which is how readers extract text and form fillers find
//! the code of each character they set. TrueType outlines embed as `CIDFontType2` with
//! `/FontFile2`, CFF ones as `CIDFontType0` with `/FontFile3` (the subsetter makes every CFF
//! subset CID-keyed, with CIDs equal to glyph ids).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::fonts::Font;
use super::subset::Subset;

fn name(text: &str) -> Object {
    Object::Name(text.as_bytes().to_vec())
}

/// Embed `subset` of `font`, named `<tag>+<PostScript name>`, describing the glyphs of `text`
/// (original glyph id → the text it shows); returns the Type 0 font's object.
pub(super) fn font(
    doc: &mut lopdf::Document,
    tag: &str,
    font: &Font,
    subset: &Subset,
    text: &BTreeMap<u16, String>,
) -> ObjectId {
    let ids = subset.new_ids(font.glyph_count());
    // The glyphs described, by new id: each one's original id and text.
    let mut glyphs: Vec<(u16, u16, &str)> = text
        .iter()
        .filter_map(|(&old, text)| {
            let new = *ids.get(usize::from(old))?;
            Some((new, old, text.as_str()))
        })
        .filter(|&(new, old, _)| new != 0 || old == 0)
        .collect();
    glyphs.sort_unstable_by_key(|&(new, _, _)| new);
    let base = format!("{tag}+{}", font.postscript_name());

    let mut file = Dictionary::new();
    if subset.cff {
        file.set("Subtype", name("CIDFontType0C"));
    } else {
        file.set("Length1", subset.length as i64);
    }
    file.set("Filter", name("FlateDecode"));
    let mut program = Stream::new(file, subset.deflated.to_vec());
    program.allows_compression = false;
    let program = doc.add_object(program);

    let metrics = font.metrics();
    let mut descriptor = Dictionary::new();
    descriptor.set("Type", name("FontDescriptor"));
    descriptor.set("FontName", name(&base));
    descriptor.set("Flags", 32);
    descriptor.set(
        "FontBBox",
        Object::Array(metrics.bbox.iter().map(|&v| Object::Integer(v)).collect()),
    );
    descriptor.set("ItalicAngle", 0);
    descriptor.set("Ascent", metrics.ascent);
    descriptor.set("Descent", metrics.descent);
    descriptor.set("CapHeight", metrics.cap_height);
    descriptor.set("StemV", 80);
    descriptor.set(
        if subset.cff { "FontFile3" } else { "FontFile2" },
        Object::Reference(program),
    );
    let descriptor = doc.add_object(descriptor);

    let mut info = Dictionary::new();
    info.set("Registry", Object::string_literal("Adobe"));
    info.set("Ordering", Object::string_literal("Identity"));
    info.set("Supplement", 0);
    let mut cid = Dictionary::new();
    cid.set("Type", name("Font"));
    cid.set(
        "Subtype",
        name(if subset.cff {
            "CIDFontType0"
        } else {
            "CIDFontType2"
        }),
    );
    cid.set("BaseFont", name(&base));
    cid.set("CIDSystemInfo", Object::Dictionary(info));
    cid.set("FontDescriptor", Object::Reference(descriptor));
    cid.set("W", widths(font, &glyphs));
    if !subset.cff {
        cid.set("CIDToGIDMap", name("Identity"));
    }
    let cid = doc.add_object(cid);
    let to_unicode = doc.add_object(Stream::new(Dictionary::new(), to_unicode(&glyphs)));

    let mut type0 = Dictionary::new();
    type0.set("Type", name("Font"));
    type0.set("Subtype", name("Type0"));
    type0.set("BaseFont", name(&base));
    type0.set("Encoding", name("Identity-H"));
    type0.set(
        "DescendantFonts",
        Object::Array(vec![Object::Reference(cid)]),
    );
    type0.set("ToUnicode", Object::Reference(to_unicode));
    doc.add_object(type0)
}

/// The `/W` array: each run of consecutive new ids as `first [w1 w2 ...]`.
fn widths(font: &Font, glyphs: &[(u16, u16, &str)]) -> Object {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut next = None;
    for &(new, old, _) in glyphs {
        if next != Some(new) && !run.is_empty() {
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            out.push(Object::Integer(i64::from(new)));
        }
        run.push(Object::Integer(i64::from(font.pdf_width(old))));
        next = new.checked_add(1);
    }
    if !run.is_empty() {
        out.push(Object::Array(run));
    }
    Object::Array(out)
}

/// A CMap from glyph codes to Unicode. Runs of consecutive glyphs for consecutive single
/// characters are ranges (the subsets keep the fonts' glyph order, which mostly follows the
/// alphabets'); other glyphs, ligatures and clusters among them, are single entries.
fn to_unicode(glyphs: &[(u16, u16, &str)]) -> Vec<u8> {
    let mut ranges: Vec<(u16, u16, char)> = Vec::new();
    let mut singles: Vec<(u16, &str)> = Vec::new();
    for &(code, _, text) in glyphs {
        let mut chars = text.chars();
        let c = match (chars.next(), chars.next()) {
            (Some(c), None) if c as u32 <= 0xFFFF => c,
            (None, _) => continue,
            _ => {
                singles.push((code, text));
                continue;
            }
        };
        match ranges.last_mut() {
            Some((first, last, start))
                if *last + 1 == code
                    && char::from_u32(*start as u32 + u32::from(code - *first)) == Some(c)
                    // A range stays within one block of 256 codes, as CMaps require.
                    && (*first >> 8) == (code >> 8) =>
            {
                *last = code;
            }
            _ => ranges.push((code, code, c)),
        }
    }
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in ranges.chunks(100) {
        let _ = writeln!(out, "{} beginbfrange", chunk.len());
        for (first, last, c) in chunk {
            let _ = writeln!(
                out,
                "<{first:04X}> <{last:04X}> <{}>",
                utf16(&c.to_string())
            );
        }
        out.push_str("endbfrange\n");
    }
    for chunk in singles.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (code, text) in chunk {
            let _ = writeln!(out, "<{code:04X}> <{}>", utf16(text));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// `text` as UTF-16BE code units in hexadecimal.
fn utf16(text: &str) -> String {
    let mut hex = String::new();
    for unit in text.encode_utf16() {
        let _ = write!(hex, "{unit:04X}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_map_has_ranges_singles_and_clusters() {
        let glyphs = [
            (1, 10, "a"),
            (2, 11, "b"),
            (3, 12, "c"),
            (4, 40, "x"),
            (5, 41, "ffi"),
            (6, 42, "\u{1F600}"),
            (7, 43, ""),
        ];
        let cmap = String::from_utf8(to_unicode(&glyphs)).unwrap();
        assert!(cmap.contains("<0001> <0003> <0061>"), "{cmap}");
        assert!(cmap.contains("<0004> <0004> <0078>"), "{cmap}");
        assert!(cmap.contains("<0005> <006600660069>"), "{cmap}");
        assert!(cmap.contains("<0006> <D83DDE00>"), "{cmap}");
        assert!(!cmap.contains("<0007>"), "{cmap}");
    }
}
