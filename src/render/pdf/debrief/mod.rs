//! The debrief and the comparison as PDFs. They are laid out with the card's machinery (the
//! fonts and their measured widths, line wrapping, rows and the page composer) and written
//! by the same document writer (subset fonts, content streams, fixed ids and dates). The chart's marks are
//! the one thing the card's drawing commands cannot say: they are vector paths written here
//! and added to their page's content after its text and lines.

mod chart;
mod comparison;
mod page;

use std::fmt::Write as _;

use super::layout::{
    ACCENT, Draw, FLAG, Face, Fonts, INK, MUTED, RULE, Rgb, Row, SOFT, Style, code_rows, merge,
    printable, wrap_spans,
};
use super::{BODY, Builder, Composer, Density, LABEL, Page, SMALL, add_footers, document};
use crate::debrief::chart::{Chart, Mark, Shape};
use crate::debrief::model::{Comparison, Debrief, show, who, words};
use crate::error::Result;
use crate::render::Warning;
use crate::render::markup::{self, Block};
use crate::results::Recommendation;
use crate::spec::{Layout, Paper};

pub(crate) use self::comparison::comparison;
pub(crate) use self::page::debrief;

const YES: Rgb = Rgb(0.114, 0.369, 0.216);

/// A mark in a row: where it is (row coordinates), its shape, colour and size.
#[derive(Debug, Clone)]
struct Glyph {
    x: f32,
    y: f32,
    r: f32,
    shape: Shape,
    color: (u8, u8, u8),
}

/// Vector drawing a row carries beside its drawing commands.
#[derive(Debug, Clone, Default)]
struct Extra {
    glyphs: Vec<Glyph>,
    /// Dashed vertical lines: x, from y, to y.
    dashes: Vec<(f32, f32, f32)>,
}

/// A document being laid out: the card's builder and composer, and the extra drawing of
/// each page.
struct Doc<'a> {
    b: Builder<'a>,
    composer: Composer,
    /// Per page, the content to add after the page's own.
    extra: Vec<String>,
}

impl<'a> Doc<'a> {
    fn new(fonts: &'static Fonts, page: Page, warnings: &'a mut Vec<Warning>) -> Doc<'a> {
        Doc {
            b: Builder {
                fonts,
                page,
                density: Density::of(Layout::Compact),
                warnings,
            },
            composer: Composer::new(page),
            extra: Vec::new(),
        }
    }

    fn width(&self) -> f32 {
        self.b.page.content_width()
    }

    /// Put one row with its extra drawing, on a new page when it does not fit here.
    fn put(&mut self, row: Row, extra: &Extra) {
        if row.height > self.composer.remaining() && !self.composer.at_top() {
            self.composer.new_page();
        }
        let page = self.composer.pages.len() - 1;
        let (dx, dy) = (self.b.page.left, self.composer.y);
        let height = self.b.page.height;
        self.composer.put(row);
        if self.extra.len() <= page {
            self.extra.resize(page + 1, String::new());
        }
        let out = &mut self.extra[page];
        for g in &extra.glyphs {
            glyph_ops(out, g, dx, dy, height);
        }
        for &(x, y1, y2) in &extra.dashes {
            let _ = writeln!(
                out,
                "q 0.106 0.122 0.141 RG 1.2 w [3 2] 0 d {} {} m {} {} l S Q",
                n(x + dx),
                n(height - (y1 + dy)),
                n(x + dx),
                n(height - (y2 + dy))
            );
        }
    }

    /// A block of rows kept together where it fits a page.
    fn block(&mut self, rows: Vec<Row>) {
        self.composer.place(rows, true, None);
    }

    fn text(&mut self, text: &str, style: Style, width: f32) -> Vec<Row> {
        self.b.text(text, style, width, "the debrief")
    }

    /// Free text as typed: its line breaks kept, each line wrapped.
    fn free(&mut self, text: &str, style: Style, width: f32) -> Vec<Row> {
        let mut rows = Vec::new();
        for line in text.trim_end().split('\n') {
            if line.trim().is_empty() {
                rows.push(Row::space(style.leading * 0.6));
            } else {
                rows.extend(self.text(line, style, width));
            }
        }
        rows
    }

    fn finish(self, footer: &str, fingerprint: &str) -> (Vec<Vec<Draw>>, Vec<String>) {
        let Doc {
            b,
            composer,
            mut extra,
        } = self;
        let page = b.page;
        let fonts = b.fonts;
        let footer = printable(fonts, Face::Regular, footer, "the footer", b.warnings);
        let mut pages = composer.finish();
        add_footers(fonts, page, &mut pages, &footer, fingerprint);
        extra.resize(pages.len(), String::new());
        (pages, extra)
    }
}

/// A number in a content stream.
fn n(v: f32) -> String {
    crate::debrief::chart::num(v)
}

/// The path of a mark, filled with its colour and outlined in ink.
fn glyph_ops(out: &mut String, g: &Glyph, dx: f32, dy: f32, height: f32) {
    let (r, gr, b) = g.color;
    let c = |v: u8| n(f32::from(v) / 255.0);
    let _ = write!(
        out,
        "q {} {} {} rg 0.106 0.122 0.141 RG 0.7 w ",
        c(r),
        c(gr),
        c(b)
    );
    let (cx, cy) = (g.x + dx, height - (g.y + dy));
    match g.shape.polygon(cx, g.y + dy, g.r) {
        Some(points) => {
            for (i, (x, y)) in points.iter().enumerate() {
                let op = if i == 0 { "m" } else { "l" };
                let _ = write!(out, "{} {} {op} ", n(*x), n(height - y));
            }
        }
        None => {
            // A circle as four Bézier arcs.
            let (r, k) = (g.r, g.r * 0.552_285);
            let _ = write!(
                out,
                "{} {} m {} {} {} {} {} {} c {} {} {} {} {} {} c {} {} {} {} {} {} c {} {} {} {} {} {} c ",
                n(cx + r),
                n(cy),
                n(cx + r),
                n(cy + k),
                n(cx + k),
                n(cy + r),
                n(cx),
                n(cy + r),
                n(cx - k),
                n(cy + r),
                n(cx - r),
                n(cy + k),
                n(cx - r),
                n(cy),
                n(cx - r),
                n(cy - k),
                n(cx - k),
                n(cy - r),
                n(cx),
                n(cy - r),
                n(cx + k),
                n(cy - r),
                n(cx + r),
                n(cy - k),
                n(cx + r),
                n(cy),
            );
        }
    }
    out.push_str("h B Q\n");
}

fn capitalise(text: &str) -> String {
    super::capitalise(text)
}

const STATUS_OK: Style = Style {
    face: Face::Bold,
    size: 10.0,
    leading: 14.0,
    color: YES,
};

/// Small text for tables.
const CELL: Style = Style {
    size: 8.2,
    leading: 10.6,
    ..SMALL
};

/// What the document says about itself.
struct Meta<'a> {
    title: &'a str,
    subject: &'a str,
    /// YYYY-MM-DD: the document's dates, so the same inputs give the same bytes.
    date: &'a str,
}

/// Laid-out pages to PDF bytes, as the card's are written, with each page's extra drawing
/// after its own content.
fn write(
    fonts: &Fonts,
    meta: &Meta,
    page: Page,
    pages: &[Vec<Draw>],
    extra: &[String],
) -> Result<Vec<u8>> {
    let identity = format!("{}\n{}", meta.subject, meta.title);
    let meta = document::Meta {
        title: meta.title,
        author: "",
        subject: meta.subject,
        date: meta.date,
        identity: &identity,
    };
    let built = document::build(fonts, &meta, (page.width, page.height), pages, extra, false)?;
    document::save(built.doc, false)
}
