//! Recognising whose card a file already holds, so that a run never replaces another
//! candidate's or another edition's card (two names can fold to one file name).

use super::{Format, Piece};
use crate::edition::Edition;

/// What a file in the way of a new one holds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Held {
    /// The same card (same edition, candidate, interviewer and date): safe to replace.
    Same,
    /// Another card, described for the interviewer ("Senior Python Engineer · José Núñez,
    /// edition 490d-ae07").
    Other(String),
    /// Not a scorecard this tool recognises.
    Unknown,
}

/// What the file `bytes` holds, against the piece this run would write in its place.
pub(crate) fn held(bytes: &[u8], edition: &Edition, piece: Piece) -> Held {
    match piece {
        Piece::Json => json(bytes, edition),
        Piece::Card { format, card } => {
            let Some(card) = edition.scorecards.get(card) else {
                return Held::Unknown;
            };
            match format {
                Format::Html => html(bytes, &super::html::storage_key(edition, card)),
                Format::Pdf => pdf(
                    bytes,
                    &super::card_title(edition, card),
                    &super::pdf::subject(edition),
                ),
                Format::Json => Held::Unknown,
            }
        }
    }
}

fn json(bytes: &[u8], edition: &Edition) -> Held {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Held::Unknown;
    };
    let text = |key: &str| value.get(key).and_then(serde_json::Value::as_str);
    let (Some(fingerprint), Some(role), Some(date)) =
        (text("fingerprint"), text("role"), text("date"))
    else {
        return Held::Unknown;
    };
    let candidate = text("candidate");
    if fingerprint == edition.fingerprint
        && date == edition.date
        && candidate == edition.candidate.as_deref()
    {
        return Held::Same;
    }
    let mut parts = vec![role];
    parts.extend(candidate);
    Held::Other(format!("{}, edition {fingerprint}", parts.join(" · ")))
}

/// A page names its card in `data-storage-key` (edition, date, candidate, interviewer).
fn html(bytes: &[u8], key: &str) -> Held {
    let text = String::from_utf8_lossy(bytes);
    let marker = "data-storage-key=\"";
    let Some(start) = text.find(marker).map(|i| i + marker.len()) else {
        return Held::Unknown;
    };
    let Some(len) = text[start..].find('"') else {
        return Held::Unknown;
    };
    let found = unescape_html(&text[start..start + len]);
    if found == key {
        return Held::Same;
    }
    // scorecard/<edition>/<date>/<candidate>/<interviewer>
    let mut parts = found.splitn(4, '/').skip(1);
    let (Some(fingerprint), Some(_date), Some(rest)) = (parts.next(), parts.next(), parts.next())
    else {
        return Held::Unknown;
    };
    let (candidate, interviewer) = rest.rsplit_once('/').unwrap_or((rest, ""));
    let who: Vec<&str> = [candidate, interviewer]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let who = if who.is_empty() {
        "no candidate".to_owned()
    } else {
        who.join(" · ")
    };
    Held::Other(format!("{who}, edition {fingerprint}"))
}

/// Undo the escaping handlebars applies to attribute values.
fn unescape_html(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x60;", "`")
        .replace("&#x3D;", "=")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A card's PDF names it in its document information: the title (role, candidate,
/// interviewer) and the subject (the edition).
fn pdf(bytes: &[u8], title: &str, subject: &str) -> Held {
    let (Some(found_title), Some(found_subject)) = info_strings(bytes, [b"/Title", b"/Subject"])
    else {
        return Held::Unknown;
    };
    if found_title == title && found_subject == subject {
        return Held::Same;
    }
    let edition = found_subject
        .rsplit_once("edition ")
        .map_or(found_subject.as_str(), |(_, e)| e);
    Held::Other(format!("{found_title}, edition {edition}"))
}

/// Two text strings of the document information dictionary, written as UTF-16 hex
/// (`<FEFF…>`): in the file as it is, or (a card with a form) in one of its compressed object
/// streams, which are inflated once for both.
fn info_strings(bytes: &[u8], keys: [&[u8]; 2]) -> (Option<String>, Option<String>) {
    let [mut first, mut second] = keys.map(|key| scan(bytes, key));
    if first.is_none() || second.is_none() {
        for inflated in object_streams(bytes) {
            first = first.or_else(|| scan(&inflated, keys[0]));
            second = second.or_else(|| scan(&inflated, keys[1]));
        }
    }
    (first, second)
}

fn scan(bytes: &[u8], key: &[u8]) -> Option<String> {
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], key) {
        at += i + key.len();
        if let Some(text) = utf16_hex(&bytes[at..]) {
            return Some(text);
        }
    }
    None
}

/// The inflated content of each object stream (`/Type/ObjStm`, deflated) of a PDF: a few
/// kilobytes each, a few per card.
fn object_streams(bytes: &[u8]) -> Vec<Vec<u8>> {
    use std::io::Read as _;
    const LIMIT: u64 = 4 << 20;
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], b"/Type/ObjStm") {
        at += i + 12;
        let Some(start) = find(&bytes[at..], b"stream").map(|s| at + s + 6) else {
            break;
        };
        let data = bytes[start..]
            .strip_prefix(b"\r\n")
            .or_else(|| bytes[start..].strip_prefix(b"\n"))
            .unwrap_or(&bytes[start..]);
        let mut inflated = Vec::new();
        // The deflate stream ends itself; what follows it is not read.
        if flate2::read::ZlibDecoder::new(data)
            .take(LIMIT)
            .read_to_end(&mut inflated)
            .is_ok()
        {
            out.push(inflated);
        }
    }
    out
}

/// `<FEFF…>` at the start of `bytes`, decoded.
fn utf16_hex(bytes: &[u8]) -> Option<String> {
    let rest = bytes.strip_prefix(b"<")?;
    let end = rest.iter().position(|&b| b == b'>')?;
    let hex = std::str::from_utf8(&rest[..end]).ok()?;
    if hex.len() % 4 != 0 {
        return None;
    }
    let units: Vec<u16> = hex
        .as_bytes()
        .chunks(4)
        .map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
        .collect::<Option<_>>()?;
    match units.split_first() {
        Some((0xFEFF, text)) => String::from_utf16(text).ok(),
        _ => None,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}
