//! The PDF document around laid-out pages, built object by object with lopdf (the crate
//! printpdf is built on): the pages and their content streams, the fonts cut to the glyphs
//! drawn, the document information, and a document ID. The card and the debrief are written
//! here alike; the card adds its form (`form`) before the document is saved. Ids, dates and
//! names are fixed by the inputs, so the same document gives the same bytes in any process.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use lopdf::{Dictionary, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};

use super::compression::compress_streams;
use super::content::{self, Embedded};
use super::fonts::{Face, FontKey, Fonts};
use super::glyphs::Shaped;
use super::layout::Draw;
use super::{embed, subset};
use crate::error::{Error, Result};

/// What a document says about itself.
pub(super) struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// YYYY-MM-DD: the document's dates.
    pub date: &'a str,
    /// What the document ID is derived from: the content's identity, not a counter.
    pub identity: &'a str,
}

/// A document built but not saved yet.
pub(super) struct Document {
    pub doc: lopdf::Document,
    /// Each page's object, in order.
    pub pages: Vec<ObjectId>,
    /// The font of the form's text fields, when one was asked for.
    pub form_font: Option<ObjectId>,
}

/// A bundled face's resource name, also its subset's tag: six capital letters, because PDF
/// tools recognise a subset by the `<tag>+<font name>` shape.
pub(super) fn resource_name(key: FontKey) -> String {
    ["SCDJVR", "SCDJVB", "SCDJVM"]
        .get(usize::from(key.0))
        .map_or_else(
            || fallback_name(usize::from(key.0)),
            |&name| name.to_owned(),
        )
}

/// The resource name of the `n`th fallback font a document uses.
fn fallback_name(n: usize) -> String {
    let letter = |i: usize| char::from(b'A' + (i % 26) as u8);
    format!("SCFB{}{}", letter(n / 26), letter(n))
}

/// The fonts of a document in the order they are written and named: the bundled faces, then
/// the fallback fonts by where they come from (their keys depend on the order a process
/// first needed them in, which differs from run to run).
fn font_order(fonts: &Fonts, used: &BTreeMap<FontKey, Vec<u16>>) -> Vec<(FontKey, String)> {
    let mut order: Vec<FontKey> = used.keys().copied().collect();
    order.sort_by_cached_key(|&key| {
        let origin = fonts.font(key).map(|f| (f.origin.clone(), f.index));
        (key > FontKey::from(Face::Mono), origin)
    });
    let mut fallbacks = 0;
    order
        .into_iter()
        .map(|key| {
            let name = if key <= FontKey::from(Face::Mono) {
                resource_name(key)
            } else {
                fallbacks += 1;
                fallback_name(fallbacks - 1)
            };
            (key, name)
        })
        .collect()
}

/// Build the document of `pages` (`width` × `height` points), each page's `extra` content
/// (drawing the page's own commands cannot say) after its own. With `form`, the regular
/// face's prebuilt subset is embedded whole as the form fields' font, shared with the pages
/// when their regular text fits in it.
pub(super) fn build(
    fonts: &Fonts,
    meta: &Meta,
    (width, height): (f32, f32),
    pages: &[Vec<Draw>],
    extra: &[String],
    form: bool,
) -> Result<Document> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let shaped = Shaped::new(fonts, pages);
    let (page_resources, embedded, form_font) = add_fonts(&mut doc, fonts, &shaped, form)?;

    // The page size as the card's PDFs have always given it: through millimetres and back
    // (printpdf's units), a ten-thousandth of a point larger, which moves a ruled line by a
    // pixel here and there when a page is rasterised.
    let round_trip = |points: f32| points * 25.4 / 72.0 * 2.834_646;
    let media_box = Object::Array(vec![
        0.into(),
        0.into(),
        round_trip(width).into(),
        round_trip(height).into(),
    ]);
    let mut next_text = 0;
    let mut page_ids = Vec::with_capacity(pages.len());
    for (i, draws) in pages.iter().enumerate() {
        let mut stream = content::page(draws, height, &shaped, &mut next_text, &embedded);
        if let Some(extra) = extra.get(i).filter(|e| !e.is_empty()) {
            stream.push(b'\n');
            stream.extend_from_slice(extra.trim_end().as_bytes());
        }
        let contents = doc.add_object(Stream::new(Dictionary::new(), stream));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages_id));
        page.set("MediaBox", media_box.clone());
        page.set("Resources", Object::Reference(page_resources));
        page.set("Contents", Object::Reference(contents));
        page_ids.push(doc.add_object(page));
    }
    finish(&mut doc, meta, pages_id, &page_ids);
    Ok(Document {
        doc,
        pages: page_ids,
        form_font,
    })
}

/// The fonts of the glyphs `shaped` uses, embedded; their resource dictionary, and how the
/// pages show them. With `form`, the form fields' font too (see [`build`]).
fn add_fonts<'a>(
    doc: &mut lopdf::Document,
    fonts: &'a Fonts,
    shaped: &Shaped,
    form: bool,
) -> Result<(ObjectId, Embedded<'a>, Option<ObjectId>)> {
    let used: BTreeMap<FontKey, Vec<u16>> = shaped
        .used()
        .iter()
        .map(|(key, used)| (*key, used.glyphs()))
        .collect();
    let regular = FontKey::from(Face::Regular);
    let mut form_font = None;
    let mut resources = Dictionary::new();
    let mut embedded = Embedded::new();
    let mut cuts: BTreeMap<FontKey, subset::Subset> =
        subset::subsets(fonts, &used)?.into_iter().collect();
    for (key, name) in font_order(fonts, &used) {
        let font = fonts
            .font(key)
            .ok_or_else(|| Error::internal("a PDF font is not loaded"))?;
        let cut = cuts
            .remove(&key)
            .ok_or_else(|| Error::internal("a PDF font subset went missing"))?;
        let mut text = shaped.used()[&key].text.clone();
        let shared = form && key == regular && cut.prebuilt;
        if shared {
            for (glyph, c) in form_text(fonts) {
                text.entry(*glyph).or_insert_with(|| c.clone());
            }
        }
        let id = embed::font(doc, &name, font, &cut, &text);
        if shared {
            form_font = Some(id);
        }
        resources.set(name.clone(), Object::Reference(id));
        embedded.insert(
            key,
            content::Shown {
                name,
                ids: cut.new_ids(font.glyph_count()),
                font,
            },
        );
    }
    if form && form_font.is_none() {
        let cut = subset::prebuilt(regular)
            .ok_or_else(|| Error::internal("the form's font is missing"))?;
        let text = form_text(fonts).clone();
        form_font = Some(embed::font(
            doc,
            "SCFORM",
            fonts.bundled(Face::Regular),
            &cut,
            &text,
        ));
    }
    let mut page_resources = Dictionary::new();
    page_resources.set("Font", Object::Dictionary(resources));
    Ok((doc.add_object(page_resources), embedded, form_font))
}

/// The page tree, catalog, information and ID around the pages.
fn finish(doc: &mut lopdf::Document, meta: &Meta, pages_id: ObjectId, page_ids: &[ObjectId]) {
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set(
        "Kids",
        Object::Array(page_ids.iter().map(|&id| Object::Reference(id)).collect()),
    );
    tree.set("Count", page_ids.len() as i64);
    doc.objects.insert(pages_id, Object::Dictionary(tree));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    let catalog = doc.add_object(catalog);
    let info = doc.add_object(info(meta));
    doc.trailer.set("Root", Object::Reference(catalog));
    doc.trailer.set("Info", Object::Reference(info));
    let id = Sha256::digest(meta.identity.as_bytes())[..16].to_vec();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), lopdf::StringFormat::Hexadecimal),
            Object::String(id, lopdf::StringFormat::Hexadecimal),
        ]),
    );
}

/// The document information dictionary. Its text is UTF-16 in hexadecimal, as cards have
/// always written it and as a later run reads it back to tell whose card a file holds
/// (`render::existing`).
fn info(meta: &Meta) -> Dictionary {
    let text = |s: &str| {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, lopdf::StringFormat::Hexadecimal)
    };
    let mut info = Dictionary::new();
    info.set("Title", text(meta.title));
    if !meta.author.is_empty() {
        info.set("Author", text(meta.author));
    }
    info.set("Subject", text(meta.subject));
    info.set("Creator", text("scorecard"));
    info.set("Producer", text("scorecard"));
    if let Ok(date) = chrono::NaiveDate::parse_from_str(meta.date, "%Y-%m-%d") {
        let date = Object::string_literal(date.format("D:%Y%m%d000000+00'00'").to_string());
        info.set("CreationDate", date.clone());
        info.set("ModDate", date);
    }
    info
}

/// What each glyph of the form's font stands for: the regular face's glyphs of the
/// characters typed text may use (the first character of each, where several share one).
fn form_text(fonts: &Fonts) -> &'static BTreeMap<u16, String> {
    static TEXT: OnceLock<BTreeMap<u16, String>> = OnceLock::new();
    TEXT.get_or_init(|| {
        let face = fonts.bundled(Face::Regular);
        let mut text = BTreeMap::new();
        for c in super::common::form_chars() {
            if let Some(glyph) = face.glyph(c) {
                text.entry(glyph).or_insert_with(|| c.to_string());
            }
        }
        text
    })
}

/// Compress the streams and write the document; with `object_streams`, dictionaries (a
/// form's fields above all) go into compressed object streams.
pub(super) fn save(mut doc: lopdf::Document, object_streams: bool) -> Result<Vec<u8>> {
    compress_streams(&mut doc);
    if object_streams {
        return super::objstm::save(&doc);
    }
    let mut bytes = Vec::new();
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(object_streams)
        .use_xref_streams(object_streams)
        .compression_level(6)
        .build();
    doc.save_with_options(&mut bytes, options)
        .map_err(|e| Error::io("writing the PDF", e))?;
    Ok(bytes)
}
