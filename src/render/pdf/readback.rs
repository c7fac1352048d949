//! A filled scorecard PDF read back as results: the card's blank results, carried inside the
//! PDF, filled with its form's values (see [`super::form`] for the names), and checked against
//! that card: the same questions, points, levels and choices.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::Path;

use lopdf::{Dictionary, Object, Stream};

use super::form::RESULTS_KEY;
use crate::error::{Error, Origin, Result};
use crate::results::{Answer, FORMAT, Recommendation, Results};

/// Largest blank results a card carries, inflated: a card's text is tens of kilobytes.
const MAX_RESULTS_JSON: u64 = 8 << 20;
/// Most field nodes read: a card has a few hundred.
const MAX_FIELDS: usize = 20_000;

/// Read the results out of a filled scorecard PDF: the card's blank results, carried inside
/// it, filled with the form's values, and checked against that card.
pub(crate) fn read(path: &Path, bytes: &[u8]) -> Result<Results> {
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
    states: Vec<State>,
    /// The alternate name (`/TU`) of the field or of a node above it, nearest first.
    labels: Vec<String>,
}

/// A widget's appearance state (`/AS`), and its on-state (the name in its `/AP /N` that is
/// not `Off`).
type State = (Option<Vec<u8>>, Option<Vec<u8>>);

/// A field node still to visit: the object, its parent's full name, and what it inherits
/// (kind, value, the alternate names above it).
struct Pending {
    object: Object,
    parent: String,
    kind: Option<Vec<u8>>,
    value: Option<Object>,
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
    let mut stack: Vec<Pending> = top
        .iter()
        .rev()
        .map(|o| Pending {
            object: o.clone(),
            parent: String::new(),
            kind: None,
            value: None,
            labels: Vec::new(),
        })
        .collect();
    while let Some(Pending {
        object,
        parent,
        kind,
        value,
        mut labels,
    }) = stack.pop()
    {
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
                stack.push(Pending {
                    object: kid,
                    parent: name.clone(),
                    kind: kind.clone(),
                    value: value.clone(),
                    labels: labels.clone(),
                });
            }
            continue;
        }
        if part.is_none() {
            continue;
        }
        let states = widget_states(doc, dict, &kids);
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

/// Each widget of a field (the field itself, when it has no kids): its state (`/AS`) and the
/// name of its "on" appearance.
fn widget_states(doc: &lopdf::Document, dict: &Dictionary, kids: &[Object]) -> Vec<State> {
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
    widgets
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
        .collect()
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
        read_question(q, i + 1, levels, fields, &mut expected)?;
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

/// Question `n`'s score, points and notes, from its fields (whose names go in `expected`).
fn read_question(
    q: &mut Answer,
    n: usize,
    levels: usize,
    fields: &BTreeMap<String, Read>,
    expected: &mut BTreeSet<String>,
) -> std::result::Result<(), String> {
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
    fn field_names_of_a_card_are_recognised() {
        assert!(ours("q1.point.3"));
        assert!(ours("q12.notes"));
        assert!(ours("comment.concurrency"));
        assert!(!ours("quality"));
        assert!(!ours("notes"));
    }
}
