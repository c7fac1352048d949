//! Saving a document with its dictionaries in one compressed object stream and a
//! cross-reference stream (PDF 1.5; ISO 32000-1, 7.5.7 and 7.5.8).
//!
//! lopdf saves this way itself, but it serialises every object of an object stream three
//! times (twice only to measure offsets) and clones it first: for a card with its form (some
//! 200 field and widget dictionaries) that was 12 of the card's 43 million instructions, and
//! most of the time the form added. lopdf's object writer is private, so [`write_object`]
//! writes each object here, once, byte for byte as lopdf writes it (a test compares the two on
//! every kind of object), and the file around the objects (header, `obj`/`endobj`, the
//! cross-reference stream, the trailer) follows. A second test reads a saved document back
//! with lopdf and compares every object; CI checks every card with `qpdf --check` and fills
//! its form with pypdf.

use std::fmt::Write as _;

use lopdf::{Dictionary, Object, StringFormat};

use super::compression::deflate;
use crate::error::{Error, Result};

/// Where each object is: at an offset in the file, or at an index in the object stream.
#[derive(Clone, Copy)]
enum Place {
    Free,
    File(usize),
    Stream(usize),
}

/// The document as PDF bytes: streams as indirect objects, every other object in one object
/// stream, then a cross-reference stream.
pub(super) fn save(doc: &lopdf::Document) -> Result<Vec<u8>> {
    let stream_id = doc.max_id + 1;
    let xref_id = doc.max_id + 2;
    let mut places = vec![Place::Free; xref_id as usize + 1];
    let mut out = Vec::with_capacity(128 << 10);
    // Object and cross-reference streams are PDF 1.5.
    let version = doc.version.as_str().max("1.5");
    let _ = std::io::Write::write_fmt(&mut out, format_args!("%PDF-{version}\n%"));
    out.extend_from_slice(&doc.binary_mark);
    out.push(b'\n');

    // The object stream's body, and each object's number and offset in it.
    let mut body = Vec::with_capacity(32 << 10);
    let mut header = String::new();
    let mut count = 0;
    for (&(id, generation), object) in &doc.objects {
        let Some(place) = places.get_mut(id as usize) else {
            return Err(Error::internal("a PDF object's number is out of range"));
        };
        if matches!(object, Object::Stream(_)) || generation != 0 {
            *place = Place::File(out.len());
            indirect(&mut out, id, generation, object);
        } else {
            *place = Place::Stream(count);
            count += 1;
            let _ = write!(header, "{id} {} ", body.len());
            write_object(&mut body, object);
            body.push(b'\n');
        }
    }
    let mut content = header.into_bytes();
    let first = content.len();
    content.extend_from_slice(&body);
    let mut dict = Dictionary::new();
    dict.set("Type", "ObjStm");
    dict.set("N", count as i64);
    dict.set("First", first as i64);
    places[stream_id as usize] = Place::File(out.len());
    indirect(&mut out, stream_id, 0, &compressed(dict, content));

    let xref_at = out.len();
    places[xref_id as usize] = Place::File(xref_at);
    let mut entries = Vec::with_capacity(places.len() * 7);
    for place in &places {
        let (kind, field2, field3) = match *place {
            Place::Free => (0u8, 0u32, 0xFFFFu16),
            Place::File(offset) => (1, as_u32(offset)?, 0),
            Place::Stream(index) => (2, stream_id, as_u16(index)?),
        };
        entries.push(kind);
        entries.extend_from_slice(&field2.to_be_bytes());
        entries.extend_from_slice(&field3.to_be_bytes());
    }
    let mut trailer = doc.trailer.clone();
    trailer.set("Type", "XRef");
    trailer.set("Size", i64::from(xref_id) + 1);
    trailer.set(
        "W",
        vec![Object::Integer(1), Object::Integer(4), Object::Integer(2)],
    );
    for key in [b"Index".as_slice(), b"Prev", b"Filter", b"Length"] {
        trailer.remove(key);
    }
    indirect(&mut out, xref_id, 0, &compressed(trailer, entries));
    let _ = std::io::Write::write_fmt(&mut out, format_args!("startxref\n{xref_at}\n%%EOF"));
    Ok(out)
}

/// `content` as a stream with `dict`, deflated.
fn compressed(mut dict: Dictionary, content: Vec<u8>) -> Object {
    let content = match deflate(&content, false) {
        Some(deflated) => {
            dict.set("Filter", "FlateDecode");
            deflated
        }
        None => content,
    };
    dict.set("Length", content.len() as i64);
    Object::Stream(lopdf::Stream::new(dict, content).with_compression(false))
}

/// `id generation obj … endobj`, as lopdf writes it.
fn indirect(out: &mut Vec<u8>, id: u32, generation: u16, object: &Object) {
    let _ = std::io::Write::write_fmt(out, format_args!("{id} {generation} obj\n"));
    if needs_separator(object) {
        out.push(b' ');
    }
    write_object(out, object);
    if needs_separator(object) || matches!(object, Object::Name(_) | Object::Stream(_)) {
        out.push(b' ');
    }
    out.extend_from_slice(b"\nendobj\n");
}

/// An object as lopdf 0.44's `Writer::write_object` writes it.
pub(super) fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(n) => {
            let _ = std::io::Write::write_fmt(out, format_args!("{n}"));
        }
        Object::Real(n) => {
            let _ = std::io::Write::write_fmt(out, format_args!("{n}"));
        }
        Object::Name(name) => write_name(out, name),
        Object::String(text, StringFormat::Literal) => write_literal(out, text),
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for byte in text {
                let _ = std::io::Write::write_fmt(out, format_args!("{byte:02X}"));
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_separator(item) {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            write_dictionary(out, &stream.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = std::io::Write::write_fmt(out, format_args!("{id} {generation} R"));
        }
    }
}

fn needs_separator(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        write_name(out, key);
        if needs_separator(value) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

/// A name: white space, delimiters, `#` and bytes outside `!`..`~` as `#xx`.
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&byte) || !(33..=126).contains(&byte) {
            let _ = std::io::Write::write_fmt(out, format_args!("#{byte:02X}"));
        } else {
            out.push(byte);
        }
    }
}

/// A literal string: backslashes, carriage returns and unbalanced parentheses escaped.
fn write_literal(out: &mut Vec<u8>, text: &[u8]) {
    let mut escaped = Vec::new();
    let mut open = Vec::new();
    for (i, &byte) in text.iter().enumerate() {
        match byte {
            b'(' => open.push(i),
            b')' if open.pop().is_none() => escaped.push(i),
            b'\\' | b'\r' => escaped.push(i),
            _ => {}
        }
    }
    escaped.extend(open);
    escaped.sort_unstable();
    out.push(b'(');
    let mut next = escaped.iter().peekable();
    for (i, &byte) in text.iter().enumerate() {
        if next.peek() == Some(&&i) {
            next.next();
            out.push(b'\\');
            out.push(if byte == b'\r' { b'r' } else { byte });
        } else {
            out.push(byte);
        }
    }
    out.push(b')');
}

fn as_u32(n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| Error::internal("a PDF larger than 4 GB"))
}

fn as_u16(n: usize) -> Result<u16> {
    u16::try_from(n).map_err(|_| Error::internal("more than 65,535 objects in a PDF"))
}

#[cfg(test)]
mod tests {
    use lopdf::{Document, Object, Stream, StringFormat, dictionary};

    /// A document with every kind of object: streams, dictionaries, arrays, names that need
    /// escaping, literal strings with parentheses, backslashes and line ends, hex strings,
    /// reals, booleans, null and references.
    fn sample() -> Document {
        let mut doc = Document::with_version("1.5");
        let content = doc.add_object(Stream::new(dictionary! {}, b"BT (Hi) Tj ET".to_vec()));
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let pages_id = doc.new_object_id();
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.276.into(), 841.89.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            }),
        );
        let field = doc.add_object(dictionary! {
            "FT" => "Tx",
            "T" => Object::string_literal("q1.notes (a) ((b) c) \\ d) e( \r\n é"),
            "TU" => Object::String(vec![0xFE, 0xFF, 0, b'(', 0, b')'], StringFormat::Hexadecimal),
            "Rect" => vec![10.into(), (-20.5).into(), 1e-3.into(), 40.125.into()],
            "Opt" => vec![Object::Null, true.into(), false.into(), Object::Name(b"a b#(c)/\x01\xff".to_vec())],
            "Kids" => vec![page.into(), font.into()],
        });
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages_id,
            "AcroForm" => dictionary! { "Fields" => vec![field.into()], "NeedAppearances" => false },
        });
        let info = doc.add_object(dictionary! { "Title" => Object::string_literal("T") });
        doc.trailer.set("Root", catalog);
        doc.trailer.set("Info", info);
        doc
    }

    #[test]
    fn objects_are_written_as_lopdf_writes_them() {
        let mut doc = sample();
        let mut lopdf_bytes = Vec::new();
        doc.save_to(&mut lopdf_bytes).expect("lopdf saves");
        for ((id, generation), object) in &doc.objects {
            let mut ours = Vec::new();
            super::indirect(&mut ours, *id, *generation, object);
            assert!(
                lopdf_bytes.windows(ours.len()).any(|w| w == ours),
                "object {id} written differently: {}",
                String::from_utf8_lossy(&ours)
            );
        }
    }

    #[test]
    fn lopdf_reads_back_every_object_as_saved() {
        let doc = sample();
        let bytes = super::save(&doc).expect("saves");
        let back = Document::load_mem(&bytes).expect("lopdf reads it back");
        for (id, object) in &doc.objects {
            let read = back.get_object(*id).expect("every object is there");
            match (object, read) {
                (Object::Stream(a), Object::Stream(b)) => assert_eq!(a.content, b.content),
                _ => assert_eq!(format!("{object:?}"), format!("{read:?}"), "{id:?}"),
            }
        }
        for key in [b"Root".as_slice(), b"Info"] {
            assert_eq!(back.trailer.get(key).ok(), doc.trailer.get(key).ok());
        }
        assert_eq!(
            bytes,
            super::save(&doc).unwrap(),
            "the same bytes every time"
        );
    }
}
