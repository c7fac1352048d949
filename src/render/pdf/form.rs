//! The PDF as a form: the card's boxes and lines as form fields (written into the document
//! printpdf made), and a filled card's fields read back as results.
//!
//! Every field sits exactly on the box or lines drawn for it and has an appearance for each of
//! its states, so a blank card prints as the plain card does and a filled one shows its values
//! in any reader. Names are stable: `q3.point.2` (a checkbox), `q3.score` (a radio group with
//! the values `1` to the rubric's number of levels), `q3.notes` (and, on a compact card with
//! lines to spare, `q3.more-notes`), `comment.<topic>`, `recommendation` (`strong-no`, `no`,
//! `yes`, `strong-yes`), `reasons`, `candidate-questions` and `general-notes` (not `notes`,
//! which form fillers that also match a field by the last part of its name would take for
//! every question's notes). The card's blank
//! results (its questions, points and rubric) travel inside the PDF, so reading it back needs
//! no other file.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::Path;
use std::sync::OnceLock;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::layout::Field;
use super::ttf::TrueType;
use crate::error::{Error, Origin, Result};
use crate::results::{FORMAT, Recommendation, Results};

/// The catalog's key for the card's blank results (JSON, deflated).
const RESULTS_KEY: &[u8] = b"ScorecardResults";

/// The form font's resource name, and the text fields' default appearance.
const FONT: &str = "SCF";
const DA: &str = "/SCF 9 Tf 0.106 0.122 0.141 rg";

/// Field flags (PDF 32000-1, 12.7.4): a text field of several lines; a radio group whose
/// choice cannot be cleared by clicking it again.
const MULTILINE: i64 = 1 << 12;
const NO_TOGGLE_TO_OFF: i64 = 1 << 14;
const RADIO: i64 = 1 << 15;
/// Annotation flag: print the field (its value appears on paper).
const PRINT: i64 = 4;

/// A field's widget on a page: its rectangle in PDF units (`x0 y0 x1 y1`, measured up from the
/// bottom of the page) and what it is.
pub(super) struct Widget {
    pub page: usize,
    pub rect: [f32; 4],
    pub field: Field,
}

/// A node of the field tree: each part of a dotted name is one.
#[derive(Default)]
struct Node {
    part: String,
    kids: Vec<usize>,
    kind: Option<Kind>,
    /// Each widget: its page, rectangle and (radio) value.
    widgets: Vec<(usize, [f32; 4], String)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Check,
    Radio,
    Text,
}

/// Add the form to a finished document: widgets on their pages, the fields under the
/// catalog's `/AcroForm`, its font, and the card's blank results. `labels` gives a field node
/// its alternate name (`/TU`, what readers show as a tooltip and read out), by full name.
pub(super) fn add(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    widgets: Vec<Widget>,
    labels: &BTreeMap<String, String>,
    blank: &Results,
) -> Result<()> {
    let catalog = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| Error::internal(format!("the PDF has no catalog: {e}")))?;

    // The tree, in the order the fields were laid out.
    let mut nodes = vec![Node::default()];
    for w in widgets {
        if w.rect[2] - w.rect[0] <= 0.0 || w.rect[3] - w.rect[1] <= 0.0 {
            continue;
        }
        let (name, kind, value) = match w.field {
            Field::Check(name) => (name, Kind::Check, String::new()),
            Field::Radio(name, value) => (name, Kind::Radio, value),
            Field::Text(name) => (name, Kind::Text, String::new()),
        };
        let mut at = 0;
        for part in name.split('.') {
            at = match nodes[at].kids.iter().find(|&&k| nodes[k].part == part) {
                Some(&k) => k,
                None => {
                    nodes.push(Node {
                        part: part.to_owned(),
                        ..Node::default()
                    });
                    let k = nodes.len() - 1;
                    nodes[at].kids.push(k);
                    k
                }
            };
        }
        nodes[at].kind = Some(kind);
        nodes[at].widgets.push((w.page, w.rect, value));
    }

    let (on, off) = appearances(doc);
    let ids: Vec<ObjectId> = (0..nodes.len()).map(|_| doc.new_object_id()).collect();
    let mut annots: Vec<Vec<Object>> = vec![Vec::new(); pages.len()];
    let mut parents = vec![None; nodes.len()];
    let mut names = vec![String::new(); nodes.len()];
    for i in 0..nodes.len() {
        for &k in &nodes[i].kids {
            parents[k] = Some(i);
            names[k] = if i == 0 {
                nodes[k].part.clone()
            } else {
                format!("{}.{}", names[i], nodes[k].part)
            };
        }
    }
    let widget = |page: usize, rect: [f32; 4]| -> Dictionary {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Annot".to_vec()));
        d.set("Subtype", Object::Name(b"Widget".to_vec()));
        d.set(
            "Rect",
            Object::Array(rect.iter().map(|&v| Object::Real(round(v))).collect()),
        );
        d.set("F", PRINT);
        if let Some(&p) = pages.get(page) {
            d.set("P", Object::Reference(p));
        }
        d
    };
    let button_ap = |value: &str| -> Object {
        let mut n = Dictionary::new();
        n.set(value.as_bytes().to_vec(), Object::Reference(on));
        n.set("Off", Object::Reference(off));
        let mut ap = Dictionary::new();
        ap.set("N", Object::Dictionary(n));
        Object::Dictionary(ap)
    };
    for (i, node) in nodes.iter().enumerate().skip(1) {
        let mut d = match (node.kind, node.widgets.as_slice()) {
            (Some(Kind::Check), [(page, rect, _)]) => {
                let mut d = widget(*page, *rect);
                d.set("FT", Object::Name(b"Btn".to_vec()));
                d.set("V", Object::Name(b"Off".to_vec()));
                d.set("AS", Object::Name(b"Off".to_vec()));
                d.set("AP", button_ap("Yes"));
                annots[*page].push(Object::Reference(ids[i]));
                d
            }
            (Some(Kind::Text), [(page, rect, _)]) => {
                let mut d = widget(*page, *rect);
                d.set("FT", Object::Name(b"Tx".to_vec()));
                d.set("Ff", MULTILINE);
                // Its own appearance: form fillers write the filled one in its place.
                let empty = doc.add_object(empty_text(rect));
                let mut ap = Dictionary::new();
                ap.set("N", Object::Reference(empty));
                d.set("AP", Object::Dictionary(ap));
                annots[*page].push(Object::Reference(ids[i]));
                d
            }
            (Some(Kind::Radio), boxes) => {
                let mut d = Dictionary::new();
                d.set("FT", Object::Name(b"Btn".to_vec()));
                d.set("Ff", RADIO | NO_TOGGLE_TO_OFF);
                d.set("V", Object::Name(b"Off".to_vec()));
                let mut kids = Vec::new();
                for (page, rect, value) in boxes {
                    let mut w = widget(*page, *rect);
                    w.set("Parent", Object::Reference(ids[i]));
                    w.set("AS", Object::Name(b"Off".to_vec()));
                    w.set("AP", button_ap(value));
                    let id = doc.add_object(w);
                    annots[*page].push(Object::Reference(id));
                    kids.push(Object::Reference(id));
                }
                d.set("Kids", Object::Array(kids));
                d
            }
            _ => {
                if node.kind.is_some() {
                    return Err(Error::internal(format!(
                        "the form field {} has {} widgets",
                        names[i],
                        node.widgets.len()
                    )));
                }
                let mut d = Dictionary::new();
                d.set(
                    "Kids",
                    Object::Array(
                        node.kids
                            .iter()
                            .map(|&k| Object::Reference(ids[k]))
                            .collect(),
                    ),
                );
                d
            }
        };
        d.set("T", lopdf::text_string(&node.part));
        if let Some(label) = labels.get(&names[i]) {
            d.set("TU", lopdf::text_string(label));
        }
        if let Some(parent) = parents[i].filter(|&p| p != 0) {
            d.set("Parent", Object::Reference(ids[parent]));
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    for (page, list) in pages.iter().zip(annots) {
        if list.is_empty() {
            continue;
        }
        let dict = doc
            .get_object_mut(*page)
            .and_then(Object::as_dict_mut)
            .map_err(|e| Error::internal(format!("a PDF page is not a dictionary: {e}")))?;
        dict.set("Annots", Object::Array(list));
    }

    let font = add_font(doc)?;
    let mut fonts = Dictionary::new();
    fonts.set(FONT, Object::Reference(font));
    let mut dr = Dictionary::new();
    dr.set("Font", Object::Dictionary(fonts));
    let mut form = Dictionary::new();
    form.set(
        "Fields",
        Object::Array(
            nodes[0]
                .kids
                .iter()
                .map(|&k| Object::Reference(ids[k]))
                .collect(),
        ),
    );
    form.set("DR", Object::Dictionary(dr));
    form.set("DA", Object::string_literal(DA));
    form.set("NeedAppearances", false);
    let form = doc.add_object(form);

    let json = serde_json::to_vec(blank)
        .map_err(|e| Error::internal(format!("the card's results as JSON: {e}")))?;
    let data = doc.add_object(Stream::new(Dictionary::new(), json));
    let catalog = doc
        .get_object_mut(catalog)
        .and_then(Object::as_dict_mut)
        .map_err(|e| Error::internal(format!("the PDF's catalog is not a dictionary: {e}")))?;
    catalog.set("AcroForm", Object::Reference(form));
    catalog.set(RESULTS_KEY.to_vec(), Object::Reference(data));
    Ok(())
}

/// Two decimals are exact enough for a position, and keep the numbers short.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// The appearances every checkbox and radio box shares: a tick when checked, nothing when
/// not (the box is drawn on the page, so an unchecked box adds nothing to it).
fn appearances(doc: &mut lopdf::Document) -> (ObjectId, ObjectId) {
    let tick = b"0.106 0.122 0.141 RG 1.4 w 1 J 1 j 1.7 4.6 m 3.6 2.1 l 7.1 7.2 l S";
    let on = doc.add_object(appearance([0.0, 0.0, 8.5, 8.5], tick));
    let off = doc.add_object(appearance([0.0, 0.0, 8.5, 8.5], b""));
    (on, off)
}

/// An empty text field's appearance: nothing (the lines are drawn on the page).
fn empty_text(rect: &[f32; 4]) -> Stream {
    appearance(
        [0.0, 0.0, round(rect[2] - rect[0]), round(rect[3] - rect[1])],
        b"/Tx BMC EMC",
    )
}

fn appearance(bbox: [f32; 4], content: &[u8]) -> Stream {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"XObject".to_vec()));
    d.set("Subtype", Object::Name(b"Form".to_vec()));
    d.set(
        "BBox",
        Object::Array(bbox.iter().map(|&v| Object::Real(v)).collect()),
    );
    Stream::new(d, content.to_vec())
}

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
fn add_font(doc: &mut lopdf::Document) -> Result<ObjectId> {
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

// ---------------------------------------------------------------------------------------------
// Reading back

/// Largest blank results a card carries, inflated: a card's text is tens of kilobytes.
const MAX_RESULTS_JSON: u64 = 8 << 20;
/// Most field nodes read: a card has a few hundred.
const MAX_FIELDS: usize = 20_000;

/// Read the results out of a filled scorecard PDF: the card's blank results, carried inside
/// it, filled with the form's values, and checked against that card.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Results> {
    let fail = |message: String| Error::input(Origin::file(path), message);
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| {
        fail(format!("is a damaged or incomplete PDF and cannot be read: {e}"))
            .with_hint("if it was copied or downloaded, copy it again; else save the filled card again from the PDF reader")
    })?;
    let not_a_card = || {
        fail("this PDF is not a fillable scorecard: it has no scorecard form to read".to_owned())
            .with_hint("give a scorecard PDF made by `scorecard generate` (filled in), or a card's results file (…-results.json)")
    };
    let catalog = doc.catalog().map_err(|_| not_a_card())?;
    let data = catalog
        .get(RESULTS_KEY)
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_stream())
        .map_err(|_| not_a_card())?;
    let json = inflate(data).ok_or_else(|| {
        fail("the scorecard data inside this PDF is damaged".to_owned())
            .with_hint("save the filled card again from the PDF reader, or generate the card again")
    })?;
    let mut results: Results = serde_json::from_slice(&json).map_err(|e| {
        fail(format!(
            "the scorecard data inside this PDF cannot be read ({e})"
        ))
        .with_hint("this PDF was made by another version of scorecard, or altered; generate the card again")
    })?;
    if results.format != FORMAT {
        return Err(fail(format!(
            "this scorecard PDF holds `{}` data; this version of scorecard reads `{FORMAT}`",
            results.format
        )));
    }
    let problems = results.problems();
    if !problems.is_empty() {
        return Err(fail(format!(
            "the scorecard data inside this PDF is inconsistent: {}",
            problems.join("; ")
        )));
    }
    let fields = fields(&doc).map_err(|e| {
        fail(e)
            .with_hint("the PDF's form is damaged; save the filled card again from the PDF reader")
    })?;
    fill(&mut results, &fields).map_err(|e| {
        fail(format!(
            "the form does not match the card edition {} it carries: {e}",
            results.fingerprint
        ))
        .with_hint("fill in the card PDF as `scorecard generate` wrote it; do not combine the form of one card with another")
    })?;
    Ok(results)
}

/// A stream's bytes, inflated when deflated (at most `MAX_RESULTS_JSON`).
fn inflate(stream: &Stream) -> Option<Vec<u8>> {
    match stream.dict.get(b"Filter") {
        Err(_) => Some(stream.content.clone()),
        Ok(Object::Name(n)) if n == b"FlateDecode" => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(stream.content.as_slice())
                .take(MAX_RESULTS_JSON + 1)
                .read_to_end(&mut out)
                .ok()?;
            (out.len() as u64 <= MAX_RESULTS_JSON).then_some(out)
        }
        Ok(Object::Array(filters)) if filters.is_empty() => Some(stream.content.clone()),
        Ok(Object::Array(filters)) if filters.len() == 1 => {
            let mut single = stream.clone();
            single.dict.set("Filter", filters[0].clone());
            inflate(&single)
        }
        _ => None,
    }
}

/// A terminal field as read: its kind, value and widgets' states.
#[derive(Debug, Default)]
struct Read {
    kind: Vec<u8>,
    value: Option<Object>,
    /// The appearance state of each widget (`/AS`), and its on-state (the name in its
    /// `/AP /N` that is not `Off`).
    states: Vec<(Option<Vec<u8>>, Option<Vec<u8>>)>,
    /// The alternate name (`/TU`) of the field or of a node above it, nearest first.
    labels: Vec<String>,
}

/// Every terminal field of the form by full name, and the `/TU` of each node by full name.
fn fields(doc: &lopdf::Document) -> std::result::Result<BTreeMap<String, Read>, String> {
    let form = doc
        .catalog()
        .and_then(|c| c.get(b"AcroForm"))
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_dict())
        .map_err(|_| "it has no form".to_owned())?;
    let top = form
        .get(b"Fields")
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_array())
        .map_err(|_| "its form has no fields".to_owned())?;
    let mut out = BTreeMap::new();
    let mut seen = BTreeSet::new();
    // (object, name of the parent, inherited kind and value, labels above)
    let mut stack: Vec<(Object, String, Option<Vec<u8>>, Option<Object>, Vec<String>)> = top
        .iter()
        .rev()
        .map(|o| (o.clone(), String::new(), None, None, Vec::new()))
        .collect();
    while let Some((object, parent, kind, value, mut labels)) = stack.pop() {
        if seen.len() >= MAX_FIELDS {
            return Err("its form has too many fields".to_owned());
        }
        if let Object::Reference(id) = object
            && !seen.insert(id)
        {
            continue;
        }
        let Ok((_, Object::Dictionary(dict))) = doc.dereference(&object) else {
            continue;
        };
        let part = dict.get(b"T").ok().and_then(|t| text(t).ok());
        let name = match (&part, parent.is_empty()) {
            (Some(p), true) => p.clone(),
            (Some(p), false) => format!("{parent}.{p}"),
            (None, _) => parent.clone(),
        };
        let kind = dict
            .get(b"FT")
            .ok()
            .and_then(|o| o.as_name().ok())
            .map(<[u8]>::to_vec)
            .or(kind);
        let value = dict.get(b"V").ok().cloned().or(value);
        if let Some(label) = dict.get(b"TU").ok().and_then(|t| text(t).ok()) {
            labels.insert(0, label);
        }
        let kids: Vec<Object> = dict
            .get(b"Kids")
            .and_then(|o| doc.dereference(o))
            .and_then(|(_, o)| o.as_array())
            .cloned()
            .unwrap_or_default();
        // Kids with names are fields; kids without are this field's widgets.
        let named_kids = kids
            .iter()
            .any(|k| matches!(doc.dereference(k), Ok((_, Object::Dictionary(d))) if d.has(b"T")));
        if named_kids {
            for kid in kids.into_iter().rev() {
                stack.push((
                    kid,
                    name.clone(),
                    kind.clone(),
                    value.clone(),
                    labels.clone(),
                ));
            }
            continue;
        }
        if part.is_none() {
            continue;
        }
        let widgets: Vec<&Dictionary> = if kids.is_empty() {
            vec![dict]
        } else {
            kids.iter()
                .filter_map(|k| match doc.dereference(k) {
                    Ok((_, Object::Dictionary(d))) => Some(d),
                    _ => None,
                })
                .collect()
        };
        let states = widgets
            .iter()
            .map(|w| {
                let state = w.get(b"AS").ok().and_then(|o| o.as_name().ok());
                let on = w
                    .get(b"AP")
                    .and_then(|o| doc.dereference(o))
                    .and_then(|(_, o)| o.as_dict())
                    .and_then(|ap| ap.get(b"N"))
                    .and_then(|o| doc.dereference(o))
                    .and_then(|(_, o)| o.as_dict())
                    .ok()
                    .and_then(|n| n.iter().map(|(k, _)| k).find(|k| k.as_slice() != b"Off"));
                (state.map(<[u8]>::to_vec), on.cloned())
            })
            .collect();
        out.insert(
            name,
            Read {
                kind: kind.unwrap_or_default(),
                value,
                states,
                labels,
            },
        );
    }
    Ok(out)
}

/// A text string's text: UTF-16BE or UTF-8 with their byte order marks, else PDFDocEncoding.
fn text(object: &Object) -> std::result::Result<String, String> {
    let s = lopdf::decode_text_string(object).map_err(|e| e.to_string())?;
    Ok(s.strip_prefix('\u{FEFF}').map(str::to_owned).unwrap_or(s))
}

impl Read {
    /// A text field's value, with line ends as `\n` (readers store a typed line break as
    /// `\r`).
    fn text(&self, name: &str) -> std::result::Result<String, String> {
        if self.kind != b"Tx" {
            return Err(format!("field {name} is not a text field"));
        }
        match &self.value {
            None => Ok(String::new()),
            Some(Object::Name(n)) if n.is_empty() => Ok(String::new()),
            Some(v @ Object::String(..)) => {
                let s = text(v).map_err(|e| format!("field {name} holds unreadable text: {e}"))?;
                Ok(s.replace("\r\n", "\n").replace('\r', "\n"))
            }
            Some(_) => Err(format!("field {name} holds something other than text")),
        }
    }

    /// A button's chosen value: the field's value when it is one of its widgets' on-states,
    /// else the on-state of the widget shown checked; `None` when none is.
    fn choice(&self, name: &str) -> std::result::Result<Option<String>, String> {
        if self.kind != b"Btn" {
            return Err(format!(
                "field {name} is not a checkbox or a choice of boxes"
            ));
        }
        let ons: Vec<&[u8]> = self
            .states
            .iter()
            .filter_map(|(_, on)| on.as_deref())
            .collect();
        let value: Option<Vec<u8>> = match &self.value {
            Some(Object::Name(n)) => Some(n.clone()),
            // Some fillers write the state as a string, with or without the slash.
            Some(Object::String(s, _)) => Some(s.strip_prefix(b"/").unwrap_or(s).to_vec()),
            _ => None,
        };
        let chosen = match value {
            Some(v) if ons.contains(&v.as_slice()) => Some(v),
            Some(v) if v == b"Off" || v.is_empty() => None,
            _ => self
                .states
                .iter()
                .find_map(|(state, on)| state.as_ref().filter(|s| Some(*s) == on.as_ref()))
                .cloned(),
        };
        chosen
            .map(|c| {
                String::from_utf8(c).map_err(|_| format!("field {name} has an unreadable value"))
            })
            .transpose()
    }
}

/// Fill blank results with the form's values, checking that the form is the card's: the
/// same questions (by id), points, levels and choices.
fn fill(results: &mut Results, fields: &BTreeMap<String, Read>) -> std::result::Result<(), String> {
    let levels = results.rubric.len();
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for (i, q) in results.questions.iter_mut().enumerate() {
        let n = i + 1;
        for k in 1..=q.expected.len() {
            expected.insert(format!("q{n}.point.{k}"));
        }
        expected.insert(format!("q{n}.score"));
        let get = |suffix: &str| {
            let name = format!("q{n}.{suffix}");
            fields
                .get(&name)
                .ok_or_else(|| format!("it has no field {name}"))
                .map(|f| (name, f))
        };
        // The question's node is labelled with its id.
        let (name, score) = get("score")?;
        if !score
            .labels
            .iter()
            .any(|l| l.ends_with(&format!("({})", q.id)))
        {
            return Err(format!(
                "question {n} of the form is not `{}` (question {n} of the card)",
                q.id
            ));
        }
        let values: BTreeSet<String> = score
            .states
            .iter()
            .filter_map(|(_, on)| on.as_ref())
            .map(|on| String::from_utf8_lossy(on).into_owned())
            .collect();
        let want: BTreeSet<String> = (1..=levels).map(|l| l.to_string()).collect();
        if values != want {
            return Err(format!(
                "field {name} offers {} boxes; the card's rubric has {levels} levels",
                values.len()
            ));
        }
        q.score = match score.choice(&name)? {
            Some(v) => Some(
                v.parse::<u32>()
                    .ok()
                    .filter(|s| (1..=levels as u32).contains(s))
                    .ok_or_else(|| format!("field {name} has the value {v}, not 1 to {levels}"))?,
            ),
            None => None,
        };
        for (k, point) in q.points.iter_mut().enumerate() {
            let (name, field) = get(&format!("point.{}", k + 1))?;
            *point = field.choice(&name)?.is_some();
        }
        let mut notes = match fields.get(&format!("q{n}.notes")) {
            Some(f) => f.text(&format!("q{n}.notes"))?,
            None => String::new(),
        };
        expected.insert(format!("q{n}.notes"));
        if let Some(f) = fields.get(&format!("q{n}.more-notes")) {
            expected.insert(format!("q{n}.more-notes"));
            let more = f.text(&format!("q{n}.more-notes"))?;
            if !more.is_empty() {
                if !notes.is_empty() {
                    notes.push('\n');
                }
                notes.push_str(&more);
            }
        }
        q.notes = notes;
    }
    let topics: BTreeSet<String> = results.questions.iter().map(|q| q.topic.clone()).collect();
    for topic in &topics {
        let name = format!("comment.{topic}");
        expected.insert(name.clone());
        if let Some(f) = fields.get(&name) {
            let text = f.text(&name)?;
            if !text.is_empty() {
                results.topic_comments.insert(topic.clone(), text);
            }
        }
    }
    let name = "recommendation";
    expected.insert(name.to_owned());
    if let Some(f) = fields.get(name) {
        results.recommendation = match f.choice(name)? {
            Some(v) => Some(
                Recommendation::ALL
                    .into_iter()
                    .find(|r| r.id() == v)
                    .ok_or_else(|| {
                        format!("field {name} has the value {v}, which is not a recommendation")
                    })?,
            ),
            None => None,
        };
    }
    for (name, slot) in [
        ("reasons", &mut results.reasons),
        ("candidate-questions", &mut results.candidate_questions),
        ("general-notes", &mut results.notes),
    ] {
        expected.insert(name.to_owned());
        if let Some(f) = fields.get(name) {
            *slot = f.text(name)?;
        }
    }
    // A field of the card's kinds that the card does not have: a question, point or topic
    // beyond it.
    if let Some(extra) = fields.keys().find(|k| !expected.contains(*k) && ours(k)) {
        return Err(format!("it has a field {extra}, which the card has not"));
    }
    Ok(())
}

/// Whether a field name is one of the names a card's fields have.
fn ours(name: &str) -> bool {
    let q = name
        .strip_prefix('q')
        .and_then(|rest| rest.split('.').next())
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    q || name.starts_with("comment.")
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

    #[test]
    fn field_names_of_a_card_are_recognised() {
        assert!(ours("q1.point.3"));
        assert!(ours("q12.notes"));
        assert!(ours("comment.concurrency"));
        assert!(!ours("quality"));
        assert!(!ours("notes"));
    }
}
