//! The printed scorecard: a PDF laid out here (measured glyph widths, keep-together rules,
//! "page N of M") and written with printpdf using the DejaVu fonts shipped in the repo,
//! embedded as subsets.
//!
//! The card is built as blocks of rows ([`blocks`]) in the sizes of its layout ([`style`]),
//! stacked onto pages ([`compose`]) with as many evidence lines as fit ([`notes`]) and a
//! footer ([`footer`]), then written as a document.

mod blocks;
mod card;
mod common;
mod compose;
mod content;
pub mod debrief;
mod footer;
pub mod form;
mod form_font;
mod layout;
mod notes;
mod page;
mod readback;
mod style;
mod subset;
mod ttf;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use printpdf::{
    FontId, Mm, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};
use sha2::{Digest, Sha256};

use self::blocks::{Builder, capitalise};
pub use self::card::PdfRenderer;
use self::compose::Composer;
use self::footer::{add_footers, footer_text};
use self::layout::{Draw, Face, Fonts, code_rows, wrap_spans};
use self::page::Page;
use self::style::{BODY, Density, LABEL, SMALL};
use super::markup::{self, Block};
use crate::edition::{Edition, Scorecard};
use crate::error::{Error, Result};

/// The document's subject: names the edition, so a later run can tell whose card a file holds.
pub(crate) fn subject(edition: &Edition) -> String {
    format!("Interview scorecard, edition {}", edition.fingerprint)
}

/// Fixed font resource names. Six capital letters, because the subset's font name is
/// `<id>+DejaVuSans` and PDF tools recognise a subset by exactly that tag shape.
fn font_id(face: Face) -> FontId {
    FontId(["SCDJVR", "SCDJVB", "SCDJVM"][face.index()].to_owned())
}

/// Turn laid-out pages into PDF bytes. Font ids, the document ID and dates are fixed by the
/// inputs, so the same card gives the same bytes in any process.
fn write_pdf(
    fonts: &Fonts,
    edition: &Edition,
    card: &Scorecard,
    page: Page,
    pages: Vec<Vec<Draw>>,
) -> Result<Vec<u8>> {
    let title = footer_text(edition, card);
    let mut doc = PdfDocument::new(&title);
    let used = chars_used(&pages);
    let mut glyphs = content::Glyphs::new();
    for (face, cut) in subset::subsets(fonts, &used, |face| font_id(face).0)? {
        doc.resources
            .fonts
            .map
            .insert(font_id(face), PdfFont::new(cut.font));
        glyphs.insert(face, cut.glyphs);
    }
    if let Some(midnight) = chrono::NaiveDate::parse_from_str(&edition.date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        && let Ok(date) =
            printpdf::OffsetDateTime::from_unix_timestamp(midnight.and_utc().timestamp())
    {
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
    }
    doc.metadata.info.creator = "scorecard".to_owned();
    doc.metadata.info.producer = "scorecard".to_owned();
    doc.metadata.info.author = card.interviewer.clone().unwrap_or_default();
    doc.metadata.info.subject = subject(edition);

    // printpdf writes the document around the pages: it embeds each face with the widths and
    // text mapping of the characters it sees shown, so the first page shows each face's
    // characters once. Every page's content is then written by `content::page`.
    let mut pdf_pages = Vec::with_capacity(pages.len());
    for i in 0..pages.len() {
        pdf_pages.push(PdfPage::new(
            Mm(page.width * 25.4 / 72.0),
            Mm(page.height * 25.4 / 72.0),
            if i == 0 { usage_ops(&used) } else { Vec::new() },
        ));
    }
    doc.with_pages(pdf_pages);
    let mut warnings = Vec::new();
    let options = PdfSaveOptions {
        optimize: true,
        // The fonts added above are subsets already.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut lo = doc.to_lopdf_document(&options, &mut warnings);
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    if page_ids.len() != pages.len() {
        return Err(Error::usage(
            "the PDF has a different number of pages than laid out",
        ));
    }
    for (&page_id, draws) in page_ids.iter().zip(&pages) {
        let stream = content::page(draws, page.height, &glyphs, |face| font_id(face).0);
        let contents = lo
            .get_dictionary(page_id)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| Error::usage(format!("a PDF page has no content stream: {e}")))?;
        match lo.get_object_mut(contents) {
            Ok(lopdf::Object::Stream(s)) => s.set_content(stream),
            _ => return Err(Error::usage("a PDF page's content is not a stream")),
        }
    }
    // The plain card, without its form, only for measuring what the form costs (see
    // tests/bench/run.sh).
    let form = std::env::var_os("SCORECARD_PLAIN_PDF").is_none();
    if form {
        form::add(
            &mut lo,
            &page_ids,
            widgets(&pages, page.height),
            &field_labels(card),
            &crate::results::Results::blank(edition, card),
        )?;
    }
    // A document ID derived from the content identity instead of a process-wide counter.
    let id: Vec<u8> = Sha256::digest(
        format!(
            "{}\n{}\n{:?}",
            edition.fingerprint, title, edition.candidate
        )
        .as_bytes(),
    )[..16]
        .to_vec();
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.clone(), lopdf::StringFormat::Hexadecimal),
            lopdf::Object::String(id, lopdf::StringFormat::Hexadecimal),
        ]),
    );
    compress_streams(&mut lo);
    let mut bytes = Vec::new();
    // Dictionaries (the form's fields above all) go into compressed object streams.
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(form)
        .use_xref_streams(form)
        .compression_level(6)
        .build();
    lo.save_with_options(&mut bytes, options)
        .map_err(|e| Error::io("writing the PDF", e))?;
    Ok(bytes)
}

/// The form fields laid out on each page, with their rectangles in PDF units (up from the
/// bottom of a page `page_height` tall).
fn widgets(pages: &[Vec<Draw>], page_height: f32) -> Vec<form::Widget> {
    let mut out = Vec::new();
    for (page, draws) in pages.iter().enumerate() {
        for draw in draws {
            if let Draw::Field { x, y, w, h, field } = draw {
                out.push(form::Widget {
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
fn field_labels(card: &Scorecard) -> BTreeMap<String, String> {
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

/// The characters drawn in each face, which its embedded subset must hold. Most are below
/// U+0200 and go in a bit set first: a card draws tens of thousands of characters, a hundred
/// or so distinct.
fn chars_used(pages: &[Vec<Draw>]) -> BTreeMap<Face, BTreeSet<char>> {
    let mut low: BTreeMap<Face, [u64; 8]> = BTreeMap::new();
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for draw in pages.iter().flatten() {
        if let Draw::Text { face, text, .. } = draw {
            let bits = low.entry(*face).or_default();
            let high = used.entry(*face).or_default();
            for c in text.chars() {
                let cp = c as usize;
                if cp < 512 {
                    bits[cp >> 6] |= 1 << (cp & 63);
                } else {
                    high.insert(c);
                }
            }
        }
    }
    for (face, bits) in low {
        let set = used.entry(face).or_default();
        for (word, &b) in bits.iter().enumerate() {
            set.extend(
                (0..64)
                    .filter(|i| b & (1 << i) != 0)
                    .filter_map(|i| char::from_u32((word * 64 + i) as u32)),
            );
        }
    }
    used
}

/// Font programs already deflated (when their subset was cut), by their raw bytes: they
/// repeat from card to card in a batch, and a single card's were compressed on the threads
/// that cut them.
static FONT_STREAMS: Mutex<Vec<(Vec<u8>, Vec<u8>)>> = Mutex::new(Vec::new());

/// The deflated form of a font program, if it is known: a common subset's, made when the
/// tool was built, or one kept from an earlier cut.
fn known_font_stream(raw: &[u8]) -> Option<Vec<u8>> {
    subset::common_deflated(raw)
        .map(<[u8]>::to_vec)
        .or_else(|| {
            FONT_STREAMS
                .lock()
                .ok()
                .and_then(|cache| cache.iter().find(|(r, _)| r == raw).map(|(_, z)| z.clone()))
        })
}

/// Keep the deflated form of a font program.
fn remember_font_stream(raw: &[u8], compressed: Vec<u8>) {
    if let Ok(mut cache) = FONT_STREAMS.lock() {
        if cache.iter().any(|(r, _)| r == raw) {
            return;
        }
        if cache.len() >= 16 {
            cache.remove(0);
        }
        cache.push((raw.to_vec(), compressed));
    }
}

/// Deflate every stream that is not yet compressed. lopdf's own `compress` uses zlib's slowest
/// level, which here costs time for files no smaller than the default level makes them (the
/// fast level makes them a quarter larger). Font programs (streams with `/Length1`) are
/// mostly known already (`known_font_stream`).
fn compress_streams(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        // A few bytes (a form field's appearance) gain nothing, and resetting the compressor
        // for each costs more than the rest of the stream's writing.
        if !stream.allows_compression
            || stream.dict.get(b"Filter").is_ok()
            || stream.content.len() < 128
        {
            continue;
        }
        let is_font = stream.dict.get(b"Length1").is_ok();
        let cached = if is_font {
            known_font_stream(&stream.content)
        } else {
            None
        };
        let compressed = match cached {
            Some(compressed) => compressed,
            None => {
                let Some(compressed) = deflate(&stream.content, is_font) else {
                    continue;
                };
                if is_font {
                    remember_font_stream(&stream.content, compressed.clone());
                }
                compressed
            }
        };
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// Font programs at level 3, which makes them as small as zlib's default level (6) does, in
/// less time; page content, which is new for every card, at the fast level: a few percent
/// larger, several times faster.
///
/// Setting up a compressor costs more than deflating a page of content, so each thread keeps
/// one per level and resets it between streams.
fn deflate(bytes: &[u8], thorough: bool) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static COMPRESSORS: std::cell::RefCell<[Option<Compress>; 2]> =
            const { std::cell::RefCell::new([None, None]) };
    }
    COMPRESSORS.with(|cell| {
        let mut compressors = cell.borrow_mut();
        let level = if thorough {
            Compression::new(3)
        } else {
            Compression::fast()
        };
        let compressor =
            compressors[usize::from(thorough)].get_or_insert_with(|| Compress::new(level, true));
        compressor.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = usize::try_from(compressor.total_in()).ok()?;
            let status = compressor
                .compress_vec(bytes.get(read..)?, &mut out, FlushCompress::Finish)
                .ok()?;
            if status == Status::StreamEnd {
                return Some(out);
            }
            out.reserve(out.capacity().max(64));
        }
    })
}

/// Each face's characters shown once, in one text object per face: what printpdf needs to see
/// to embed the faces with their widths and text mapping.
fn usage_ops(used: &BTreeMap<Face, BTreeSet<char>>) -> Vec<Op> {
    let mut ops = Vec::new();
    for (face, chars) in used {
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(*face)),
            size: Pt(10.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(chars.iter().collect())],
        });
        ops.push(Op::EndTextSection);
    }
    ops
}

/// Lay `text` out as a prompt (paragraphs with inline code, fenced code blocks) and panic if
/// any piece of text runs past the margin. Only for the fuzz targets in `tests/fuzz` and the
/// property tests; not part of the API.
#[doc(hidden)]
pub fn fuzz_layout(text: &str) {
    let Ok(fonts) = Fonts::get() else { return };
    let width = 240.0;
    let mut warnings = Vec::new();
    let mut rows = Vec::new();
    for block in markup::blocks(text) {
        match block {
            Block::Para { spans } => {
                rows.extend(wrap_spans(
                    fonts,
                    &spans,
                    BODY,
                    width,
                    "fuzz",
                    &mut warnings,
                ));
            }
            Block::Code { text } => {
                rows.extend(code_rows(
                    fonts,
                    &text,
                    8.6,
                    11.6,
                    width,
                    "fuzz",
                    &mut warnings,
                ));
            }
        }
    }
    for draw in rows.iter().flat_map(|row| &row.draws) {
        if let Draw::Text {
            x,
            face,
            size,
            text,
            ..
        } = draw
        {
            let end = x + fonts.face(*face).width(text, *size);
            // A single glyph wider than the line has nowhere else to go.
            let ok = *x >= 0.0 && (end <= width + 0.01 || text.chars().count() == 1);
            assert!(ok, "{text:?} runs from {x} to {end}, past {width}");
        }
    }
}

#[cfg(test)]
mod tests {
    use printpdf::{Color, Line, LinePoint, PaintMode, Point, Rect};

    use super::layout::{INK, Rgb, Row};
    use super::notes::with_note_lines;
    use super::style::NOTE_LINE;
    use super::*;
    use crate::bank::Level;
    use crate::edition::{BankInfo, CardQuestion, TopicSummary};
    use crate::render::Renderer;
    use crate::spec::{Layout, Paper, Seniority, default_rubric};

    // The page content as printpdf writes it from its own operations: the reference that
    // `content::page` must match byte for byte.
    fn rgb(c: Rgb) -> Color {
        Color::Rgb(printpdf::Rgb {
            r: c.0,
            g: c.1,
            b: c.2,
            icc_profile: None,
        })
    }

    /// The content of one page. Font, colours and line width are part of the graphics state and
    /// persist between text objects, so each is set only when it changes: the content streams are
    /// a third smaller and compress faster.
    fn ops(draws: &[Draw], page_height: f32) -> Vec<Op> {
        let mut ops = Vec::with_capacity(draws.len() * 4);
        let mut font: Option<(Face, f32)> = None;
        let mut fill: Option<Rgb> = None;
        let mut outline: Option<(Rgb, f32)> = None;
        let mut set_fill = |ops: &mut Vec<Op>, c: Rgb| {
            if fill != Some(c) {
                ops.push(Op::SetFillColor { col: rgb(c) });
                fill = Some(c);
            }
        };
        let mut set_outline = |ops: &mut Vec<Op>, c: Rgb, width: f32| {
            if outline != Some((c, width)) {
                ops.push(Op::SetOutlineColor { col: rgb(c) });
                ops.push(Op::SetOutlineThickness { pt: Pt(width) });
                outline = Some((c, width));
            }
        };
        for draw in draws {
            match draw {
                Draw::Text {
                    x,
                    y,
                    face,
                    size,
                    color,
                    text,
                } => {
                    ops.push(Op::StartTextSection);
                    set_fill(&mut ops, *color);
                    if font != Some((*face, *size)) {
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(font_id(*face)),
                            size: Pt(*size),
                        });
                        font = Some((*face, *size));
                    }
                    ops.push(Op::SetTextCursor {
                        pos: Point {
                            x: Pt(*x),
                            y: Pt(page_height - y),
                        },
                    });
                    ops.push(Op::ShowText {
                        items: vec![TextItem::Text(text.clone())],
                    });
                    ops.push(Op::EndTextSection);
                }
                Draw::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill: fill_color,
                    stroke,
                } => {
                    if let Some(f) = fill_color {
                        set_fill(&mut ops, *f);
                    }
                    if let Some((c, width)) = stroke {
                        set_outline(&mut ops, *c, *width);
                    }
                    let mode = match (fill_color, stroke) {
                        (Some(_), Some(_)) => PaintMode::FillStroke,
                        (Some(_), None) => PaintMode::Fill,
                        _ => PaintMode::Stroke,
                    };
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: Pt(*x),
                            y: Pt(page_height - y - h),
                            width: Pt(*w),
                            height: Pt(*h),
                            mode: Some(mode),
                            winding_order: None,
                        },
                    });
                }
                Draw::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    color,
                    width,
                } => {
                    set_outline(&mut ops, *color, *width);
                    let p = |x: f32, y: f32| LinePoint {
                        p: Point {
                            x: Pt(x),
                            y: Pt(page_height - y),
                        },
                        bezier: false,
                    };
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: vec![p(*x1, *y1), p(*x2, *y2)],
                            is_closed: false,
                        },
                    });
                }
                Draw::Field { .. } => {}
            }
        }
        ops
    }

    #[test]
    fn page_content_is_written_exactly_as_printpdf_writes_it() {
        let renderer = PdfRenderer::new().expect("fonts");
        let hostile = "Explain `a_very_long_identifier_with_no_breaks_at_all` (and €, ½, Ж, ✓).";
        for paper in [Paper::A4, Paper::Letter] {
            let edition = edition(
                vec![
                    question(1, hostile, 3),
                    question(2, "Code:\n```python\nprint('x')\n```\nThen say why.", 8),
                ],
                paper,
            );
            let mut warnings = Vec::new();
            let (page, pages) = renderer.lay_out(&edition, &edition.scorecards[0], &mut warnings);
            let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
            for draw in pages.iter().flatten() {
                if let Draw::Text { face, text, .. } = draw {
                    used.entry(*face).or_default().extend(text.chars());
                }
            }
            assert_eq!(chars_used(&pages), used);
            let mut doc = PdfDocument::new("t");
            let mut glyphs = content::Glyphs::new();
            for (face, cut) in subset::subsets(renderer.fonts, &used, |f| font_id(f).0).unwrap() {
                doc.resources
                    .fonts
                    .map
                    .insert(font_id(face), PdfFont::new(cut.font));
                glyphs.insert(face, cut.glyphs);
            }
            let reference: Vec<PdfPage> = pages
                .iter()
                .map(|draws| PdfPage::new(Mm(210.0), Mm(297.0), ops(draws, page.height)))
                .collect();
            doc.with_pages(reference);
            let options = PdfSaveOptions {
                optimize: false,
                subset_fonts: false,
                secure: true,
                image_optimization: None,
            };
            let lo = doc.to_lopdf_document(&options, &mut Vec::new());
            let streams: Vec<Vec<u8>> = lo
                .get_pages()
                .into_values()
                .map(|id| {
                    let contents = lo.get_dictionary(id).unwrap().get(b"Contents").unwrap();
                    let stream = lo.get_object(contents.as_reference().unwrap()).unwrap();
                    stream.as_stream().unwrap().content.clone()
                })
                .collect();
            assert!(pages.len() > 1);
            assert_eq!(streams.len(), pages.len());
            for (i, (draws, theirs)) in pages.iter().zip(streams).enumerate() {
                let ours = content::page(draws, page.height, &glyphs, |f| font_id(f).0);
                assert!(theirs.len() > 1000, "page {i} has content");
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs),
                    "page {i} on {paper:?}"
                );
            }
        }
    }

    fn question(number: usize, prompt: &str, points: usize) -> CardQuestion {
        CardQuestion {
            number,
            id: format!("q{number}"),
            topic: "t".into(),
            topic_title: "A topic whose title is long enough to need wrapping beside the meta line".into(),
            level: Level::Advanced,
            minutes: 7,
            start_minute: 0,
            end_minute: 7,
            concept: None,
            prompt: prompt.into(),
            expected: (0..points).map(|i| format!("Point {i}: the candidate mentions `something_specific_{i}` and why it matters")).collect(),
            follow_ups: vec!["A follow-up".into()],
            red_flags: vec!["A red flag".into()],
            tags: Vec::new(),
            replaces: None,
        }
    }

    fn edition(questions: Vec<CardQuestion>, paper: Paper) -> Edition {
        let long = "Maximilian-Alexander Wolfeschlegelsteinhausenbergerdorff-Ångström".repeat(2);
        Edition {
            seed: 1,
            fingerprint: "abcd-1234".into(),
            bank: BankInfo {
                name: "b".into(),
                version: "1".into(),
                title: String::new(),
            },
            role: format!("Principal Distributed Systems Engineer {long}"),
            seniority: Seniority::Senior,
            candidate: Some(long.clone()),
            date: "2026-11-24".into(),
            duration: 60,
            paper,
            layout: Layout::Roomy,
            intro: 0,
            closing: 0,
            rubric: default_rubric(),
            recommendations: crate::edition::RECOMMENDATIONS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            scorecards: vec![Scorecard {
                interviewer: Some(long),
                total_minutes: 60,
                topics: vec![TopicSummary {
                    id: "t".into(),
                    title: "A topic".into(),
                    questions: 3,
                    minutes: 21,
                }],
                questions,
                swapped: Vec::new(),
            }],
        }
    }

    fn text_extent(fonts: &Fonts, draw: &Draw) -> (f32, f32, f32, f32) {
        match draw {
            Draw::Text {
                x,
                y,
                face,
                size,
                text,
                ..
            } => (*x, x + fonts.face(*face).width(text, *size), y - size, *y),
            Draw::Rect { x, y, w, h, .. } | Draw::Field { x, y, w, h, .. } => {
                (*x, x + w, *y, y + h)
            }
            Draw::Line { x1, y1, x2, y2, .. } => {
                (x1.min(*x2), x1.max(*x2), y1.min(*y2), y1.max(*y2))
            }
        }
    }

    #[test]
    fn nothing_is_drawn_outside_the_margins() {
        let renderer = PdfRenderer::new().expect("fonts");
        let unbroken = "x".repeat(400);
        let code = format!(
            "```\n{}\n```",
            "print('a very long line of code that will not fit in the width of the page at all')"
                .repeat(3)
        );
        let prompts = [
            format!("A prompt with an unbroken word {unbroken} inside it."),
            code,
            "Short.".to_owned(),
        ];
        for paper in [Paper::A4, Paper::Letter] {
            let questions = prompts
                .iter()
                .enumerate()
                .map(|(i, p)| question(i + 1, p, 6))
                .collect();
            let edition = edition(questions, paper);
            let mut warnings = Vec::new();
            let (page, pages) = renderer.lay_out(&edition, &edition.scorecards[0], &mut warnings);
            assert!(warnings.is_empty(), "{warnings:?}");
            for (n, draws) in pages.iter().enumerate() {
                for draw in draws {
                    let (x0, x1, y0, y1) = text_extent(renderer.fonts, draw);
                    assert!(
                        x0 >= page.left - 0.01 && x1 <= page.width - page.right + 0.01,
                        "page {n}: outside side margins: {draw:?}"
                    );
                    assert!(
                        y0 >= page.top - 12.0 && y1 <= page.height - 16.0,
                        "page {n}: outside the page: {draw:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn changing_a_blocks_evidence_lines_equals_laying_it_out_again() {
        let renderer = PdfRenderer::new().expect("fonts");
        let q = question(3, "Explain this:\n```python\nprint(1)\n```", 4);
        let edition = edition(vec![q.clone()], Paper::A4);
        let mut warnings = Vec::new();
        let page = Page::new(Paper::A4);
        let mut b = Builder {
            fonts: renderer.fonts,
            page,
            density: Density::of(Layout::Roomy),
            warnings: &mut warnings,
        };
        let base = b.question_block(&edition, &q, 2);
        for lines in [2, 4, 9, 30] {
            let direct = b.question_block(&edition, &q, lines);
            let changed = with_note_lines(&base, lines, page, NOTE_LINE);
            assert_eq!(
                format!("{direct:?}"),
                format!("{changed:?}"),
                "{lines} lines"
            );
        }
    }

    #[test]
    fn a_question_that_fits_a_page_is_never_split() {
        let page = Page::new(Paper::A4);
        let mut composer = Composer::new(page);
        let filler = vec![Row::space(page.content_height() - 100.0)];
        composer.place(filler, true, None);
        let block: Vec<Row> = (0..10)
            .map(|_| Row {
                height: 30.0,
                draws: vec![Draw::Line {
                    x1: 0.0,
                    y1: 0.0,
                    x2: 1.0,
                    y2: 0.0,
                    color: INK,
                    width: 1.0,
                }],
                keep_with_next: false,
            })
            .collect();
        composer.place(block, true, None);
        let pages = composer.finish();
        assert_eq!(pages.len(), 2);
        assert!(
            pages[0].is_empty(),
            "nothing of the block on the first page"
        );
        assert_eq!(pages[1].len(), 10);
    }

    #[test]
    fn a_question_longer_than_a_page_flows_with_a_continued_header() {
        let renderer = PdfRenderer::new().expect("fonts");
        let edition = edition(
            vec![question(
                1,
                &"A very long prompt sentence. ".repeat(200),
                40,
            )],
            Paper::A4,
        );
        let mut warnings = Vec::new();
        let (_, pages) = renderer.lay_out(&edition, &edition.scorecards[0], &mut warnings);
        assert!(pages.len() >= 3);
        let texts: Vec<&str> = pages
            .iter()
            .flat_map(|p| p.iter())
            .filter_map(Draw::text)
            .collect();
        assert!(texts.contains(&"Question 1 (continued)"));
        // The rubric stays with the evidence lines: both on the last page of the question.
        let page_of = |needle: &str| {
            pages.iter().position(|p| {
                p.iter()
                    .any(|d| matches!(d, Draw::Text { text, .. } if text.contains(needle)))
            })
        };
        assert_eq!(page_of("EVIDENCE NOTES"), page_of("1 · Poor"));
    }

    #[test]
    fn second_render_in_one_process_is_byte_identical() {
        let renderer = PdfRenderer::new().expect("fonts");
        let edition = edition(vec![question(1, "Explain `x`.", 3)], Paper::Letter);
        let card = &edition.scorecards[0];
        let a = renderer
            .render(&edition, card, &mut Vec::new())
            .expect("renders");
        let b = renderer
            .render(&edition, card, &mut Vec::new())
            .expect("renders");
        assert_eq!(a, b);
        let doc = lopdf::Document::load_mem(&a).expect("parses");
        let first = doc.get_pages().into_values().next().expect("a page");
        let media = doc
            .get_dictionary(first)
            .and_then(|d| d.get(b"MediaBox"))
            .and_then(|m| m.as_array())
            .expect("media box")
            .clone();
        let size: Vec<f32> = media
            .iter()
            .map(|v| {
                v.as_float()
                    .unwrap_or_else(|_| v.as_i64().unwrap_or(0) as f32)
            })
            .collect();
        assert!(
            (size[2] - 612.0).abs() < 0.5 && (size[3] - 792.0).abs() < 0.5,
            "letter page: {size:?}"
        );
    }
}
