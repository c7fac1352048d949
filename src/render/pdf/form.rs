//! The PDF as a form: the card's boxes and lines as form fields (added to the document
//! `document` built), and a filled card's fields read back as results.
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

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::layout::{Draw, Field};
pub(crate) use super::readback::read;
use crate::edition::Scorecard;
use crate::error::{Error, Result};
use crate::results::Results;

/// The catalog's key for the card's blank results (JSON, deflated).
pub(super) const RESULTS_KEY: &[u8] = b"ScorecardResults";

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
/// catalog's `/AcroForm` with `font` for their text, and the card's blank results. `labels`
/// gives a field node its alternate name (`/TU`, what readers show as a tooltip and read
/// out), by full name.
pub(super) fn add(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    widgets: Vec<Widget>,
    labels: &BTreeMap<String, String>,
    blank: &Results,
    font: ObjectId,
) -> Result<()> {
    let catalog = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| Error::internal(format!("the PDF has no catalog: {e}")))?;

    let nodes = tree(widgets);
    let ids = write_fields(doc, pages, &nodes, labels)?;

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

/// The field tree (node 0 its root), in the order the fields were laid out: each part of a
/// dotted name is a node.
fn tree(widgets: Vec<Widget>) -> Vec<Node> {
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

    nodes
}

/// Each node's field dictionary (and its widgets on their pages); returns the nodes' objects.
fn write_fields(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    nodes: &[Node],
    labels: &BTreeMap<String, String>,
) -> Result<Vec<ObjectId>> {
    let (on, off) = appearances(doc);
    let ids: Vec<ObjectId> = (0..nodes.len()).map(|_| doc.new_object_id()).collect();
    let mut annots: Vec<Vec<Object>> = vec![Vec::new(); pages.len()];
    let (names, parents) = names_and_parents(nodes);
    let widget = |page: usize, rect: [f32; 4]| widget(pages, page, rect);
    let button_ap = |value: &str| button_ap(value, on, off);
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

    Ok(ids)
}

/// Each node's full name (`q3.point.2`) and its parent.
fn names_and_parents(nodes: &[Node]) -> (Vec<String>, Vec<Option<usize>>) {
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
    (names, parents)
}

/// A widget annotation on page `page` over `rect`.
fn widget(pages: &[ObjectId], page: usize, rect: [f32; 4]) -> Dictionary {
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
}

/// A button's appearances: `on` when its state is `value`, `off` otherwise.
fn button_ap(value: &str, on: ObjectId, off: ObjectId) -> Object {
    let mut n = Dictionary::new();
    n.set(value.as_bytes().to_vec(), Object::Reference(on));
    n.set("Off", Object::Reference(off));
    let mut ap = Dictionary::new();
    ap.set("N", Object::Dictionary(n));
    Object::Dictionary(ap)
}

/// The form fields laid out on each page, with their rectangles in PDF units (up from the
/// bottom of a page `page_height` tall).
pub(super) fn widgets(pages: &[Vec<Draw>], page_height: f32) -> Vec<Widget> {
    let mut out = Vec::new();
    for (page, draws) in pages.iter().enumerate() {
        for draw in draws {
            if let Draw::Field { x, y, w, h, field } = draw {
                out.push(Widget {
                    page,
                    rect: [*x, page_height - y - h, x + w, page_height - y],
                    field: field.clone(),
                });
            }
        }
    }
    out
}

/// What each field is, in words (its `/TU`: the tooltip, and what a screen reader says). A
/// question's names its id, which is how a filled card's form is matched to its questions.
pub(super) fn labels(card: &Scorecard) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    for q in &card.questions {
        let n = q.number;
        labels.insert(format!("q{n}"), format!("Question {n} ({})", q.id));
        for (k, point) in q.expected.iter().enumerate() {
            labels.insert(
                format!("q{n}.point.{}", k + 1),
                format!("Expected point {}: {point}", k + 1),
            );
        }
        labels.insert(format!("q{n}.score"), format!("Score of question {n}"));
        labels.insert(
            format!("q{n}.notes"),
            format!("Evidence notes, question {n}"),
        );
        labels.insert(
            format!("q{n}.more-notes"),
            format!("More evidence notes, question {n}"),
        );
    }
    for topic in &card.topics {
        labels.insert(
            format!("comment.{}", topic.id),
            format!("Comment on {}", topic.title),
        );
    }
    labels.insert("comment".into(), "Comments by topic".into());
    labels.insert("recommendation".into(), "Overall recommendation".into());
    labels.insert("reasons".into(), "Reasons for the recommendation".into());
    labels.insert(
        "candidate-questions".into(),
        "The candidate's questions".into(),
    );
    labels.insert("general-notes".into(), "General notes".into());
    labels
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
