//! The printed scorecard: a PDF laid out here (measured glyph widths, keep-together rules,
//! "page N of M") and written with lopdf (`document`) using the DejaVu fonts shipped in the
//! repo, embedded as subsets, and the fonts that stand in for them (`fonts`, `fallback`).
//!
//! The card is built as blocks of rows ([`blocks`]) in the sizes of its layout ([`style`]),
//! stacked onto pages ([`compose`]) with as many evidence lines as fit ([`notes`]) and a
//! footer ([`footer`]), then written as a document ([`document`]): its text shaped into
//! glyphs ([`shape`], [`glyphs`]), its fonts cut ([`subset`]) and embedded ([`embed`]), its
//! pages' content written directly ([`content`]).

mod blocks;
mod card;
mod common;
mod compose;
mod compression;
mod content;
pub(crate) mod debrief;
mod document;
mod embed;
mod fallback;
mod fonts;
mod footer;
pub(crate) mod form;
mod glyphs;
mod layout;
mod notes;
mod objstm;
mod page;
mod readback;
mod shape;
mod style;
mod subset;

pub(crate) use fonts::{FontOptions, add_files as add_fonts, configure as configure_fonts};

use self::blocks::{Builder, capitalise};
pub(crate) use self::card::PdfRenderer;
use self::compose::Composer;
use self::footer::{add_footers, footer_text};
use self::layout::{Draw, Fonts, code_rows, wrap_spans};
use self::page::Page;
use self::style::{BODY, Density, LABEL, SMALL};
use super::markup::{self, Block};
use crate::edition::{Edition, Scorecard};
use crate::error::Result;

/// The document's subject: names the edition, so a later run can tell whose card a file holds.
pub(crate) fn subject(edition: &Edition) -> String {
    format!("Interview scorecard, edition {}", edition.fingerprint)
}

/// Turn laid-out pages into PDF bytes: the document with its form (unless
/// `SCORECARD_PLAIN_PDF` asks for the plain card, only for measuring what the form costs; see
/// tests/bench/run.sh).
fn write_pdf(
    fonts: &Fonts,
    edition: &Edition,
    card: &Scorecard,
    page: Page,
    pages: Vec<Vec<Draw>>,
) -> Result<Vec<u8>> {
    let title = footer_text(edition, card);
    let with_form = std::env::var_os("SCORECARD_PLAIN_PDF").is_none();
    let meta = document::Meta {
        title: &title,
        author: card.interviewer.as_deref().unwrap_or_default(),
        subject: &subject(edition),
        date: &edition.date,
        identity: &format!(
            "{}\n{}\n{:?}",
            edition.fingerprint, title, edition.candidate
        ),
    };
    let size = (page.width, page.height);
    let mut built = document::build(fonts, &meta, size, &pages, &[], with_form)?;
    if let Some(font) = built.form_font {
        form::add(
            &mut built.doc,
            &built.pages,
            form::widgets(&pages, page.height),
            &form::labels(card),
            &crate::results::Results::blank(edition, card),
            font,
        )?;
    }
    document::save(built.doc, with_form)
}

/// Lay `text` out as a prompt (paragraphs with inline code, fenced code blocks) and panic if
/// any piece of text runs past the margin. Only for the fuzz targets in `tests/fuzz` and the
/// property tests; not part of the API.
#[doc(hidden)]
pub(crate) fn fuzz_layout(text: &str) {
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
    use printpdf::{
        Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
        PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem,
    };

    use super::layout::{Face, INK, Rgb, Row};
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
                            font: PdfFontHandle::External(FontId(document::resource_name(
                                (*face).into(),
                            ))),
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
            // printpdf shows each character as its glyph in the whole face, so the content
            // writer is given the faces' own glyph ids here, not a subset's.
            let mut doc = PdfDocument::new("t");
            let mut embedded = content::Embedded::new();
            for face in [Face::Regular, Face::Bold, Face::Mono] {
                let font = renderer.fonts.bundled(face);
                let parsed = ParsedFont::from_bytes(font.data, 0, &mut Vec::new()).unwrap();
                let name = document::resource_name(face.into());
                doc.resources
                    .fonts
                    .map
                    .insert(FontId(name.clone()), PdfFont::new(parsed));
                embedded.insert(
                    face.into(),
                    content::Shown {
                        name,
                        ids: (0..font.glyph_count()).collect(),
                        font,
                    },
                );
            }
            let shaped = glyphs::Shaped::new(renderer.fonts, &pages);
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
            let mut next_text = 0;
            for (i, (draws, theirs)) in pages.iter().zip(streams).enumerate() {
                let ours = content::page(draws, page.height, &shaped, &mut next_text, &embedded);
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

    #[test]
    fn a_footer_with_a_right_to_left_name_isolates_each_part() {
        let mut e = edition(Vec::new(), Paper::A4);
        e.role = "Backend Engineer".into();
        e.candidate = Some("Ada".into());
        e.scorecards[0].interviewer = Some("Grace".into());
        // Left to right only: drawn as it is, so Latin cards do not change.
        assert_eq!(
            super::footer::footer_line(&e, &e.scorecards[0]),
            "Backend Engineer · Ada · Grace"
        );
        e.candidate = Some("مريم الحسن".into());
        e.scorecards[0].interviewer = Some("דוד כהן".into());
        assert_eq!(
            super::footer::footer_line(&e, &e.scorecards[0]),
            "\u{2068}Backend Engineer\u{2069} · \u{2068}مريم الحسن\u{2069} · \u{2068}דוד כהן\u{2069}"
        );
        // The document's title stays plain: it is how a card is recognised.
        assert_eq!(
            footer_text(&e, &e.scorecards[0]),
            "Backend Engineer · مريم الحسن · דוד כהן"
        );
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
