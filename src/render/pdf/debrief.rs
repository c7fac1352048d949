//! The debrief and the comparison as PDFs. They are laid out with the card's machinery (the
//! fonts and their measured widths, line wrapping, rows and the page composer) and written
//! by the same document writer (subset fonts, content streams, fixed ids and dates). The chart's marks are
//! the one thing the card's drawing commands cannot say: they are vector paths written here
//! and added to their page's content after its text and lines.

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

/// The debrief of one candidate as a PDF.
pub fn debrief(d: &Debrief, paper: Paper, warnings: &mut Vec<Warning>) -> Result<Vec<u8>> {
    let fonts = Fonts::get()?;
    let page = Page::new(paper);
    let mut doc = Doc::new(fonts, page, warnings);
    let w = doc.width();
    let name = |n: Option<&str>| capitalise(who(n));

    // Header.
    let mut rows = doc.text(
        "INTERVIEW DEBRIEF",
        Style {
            face: Face::Bold,
            size: 8.0,
            leading: 12.0,
            color: ACCENT,
        },
        w,
    );
    let mut title = d.role.clone();
    if let Some(c) = &d.candidate {
        title.push_str(" · ");
        title.push_str(c);
    }
    rows.extend(doc.text(
        &title,
        Style {
            face: Face::Bold,
            size: 17.0,
            leading: 22.0,
            color: INK,
        },
        w,
    ));
    let facts = format!(
        "Candidate {} · {} · {} · edition {} · {} {}",
        d.candidate.as_deref().unwrap_or("not named"),
        d.date,
        d.seniority,
        d.fingerprint,
        d.bank.name,
        d.bank.version
    );
    rows.extend(doc.text(
        &facts,
        Style {
            color: MUTED,
            ..SMALL
        },
        w,
    ));
    rows.push(Row::space(6.0));
    let handed = d.panel.iter().filter(|m| m.handed_in).count();
    let status = if d.complete {
        format!("Complete: results from all {} of the panel.", d.panel.len())
    } else {
        format!(
            "Incomplete: results from {handed} of {}; not handed in: {}.",
            d.panel.len(),
            d.missing().join(", ")
        )
    };
    let style = if d.complete {
        STATUS_OK
    } else {
        Style {
            color: FLAG,
            ..STATUS_OK
        }
    };
    rows.extend(doc.text(&status, style, w));
    rows.push(Row::space(6.0));
    doc.block(rows);

    // Disagreements first.
    let mut rows = vec![doc.b.heading("Disagreements")];
    if d.flags.is_empty() {
        rows.extend(doc.text(
            "None: no two interviewers are two or more rubric levels apart on a topic, and the recommendations are all on one side.",
            Style { color: MUTED, ..BODY },
            w,
        ));
    }
    for f in &d.flags {
        let kind = if f.topic.is_some() {
            "Topic"
        } else {
            "Recommendation"
        };
        rows.extend(doc.text(
            &format!("{kind}: {}", f.message),
            Style {
                color: FLAG,
                ..BODY
            },
            w,
        ));
        rows.push(Row::space(2.0));
    }
    rows.push(Row::space(8.0));
    doc.block(rows);

    // The panel, with each interviewer's mark.
    let heading = doc.b.heading("Panel");
    doc.put(heading, &Extra::default());
    let first = 150.0;
    let col = (w - first) / 3.0;
    let bold = Style {
        face: Face::Bold,
        ..CELL
    };
    let header: Vec<Vec<Row>> = ["Interviewer", "Mark", "Results", "Recommendation"]
        .iter()
        .enumerate()
        .map(|(i, t)| doc.text(t, bold, if i == 0 { first - 8.0 } else { col - 8.0 }))
        .collect();
    let mut row = doc.b.table_row(header, first, col, Some(SOFT));
    row.keep_with_next = true;
    doc.put(row, &Extra::default());
    for (i, m) in d.panel.iter().enumerate() {
        let rec = d
            .recommendations
            .given
            .iter()
            .find(|g| g.member == i)
            .and_then(|g| g.recommendation);
        let cells = vec![
            doc.text(&name(m.name.as_deref()), CELL, first - 8.0),
            {
                let mut shape = doc.text(Shape::of(i).name(), CELL, col - 22.0);
                shape.iter_mut().for_each(|r| r.shift(14.0, 0.0));
                shape
            },
            doc.text(
                m.file.as_deref().unwrap_or("not handed in"),
                Style {
                    color: if m.handed_in { INK } else { FLAG },
                    ..CELL
                },
                col - 8.0,
            ),
            doc.text(
                &rec.map_or("–".to_owned(), |r| capitalise(words(r))),
                CELL,
                col - 8.0,
            ),
        ];
        let row = doc.b.table_row(cells, first, col, None);
        let extra = Extra {
            glyphs: vec![Glyph {
                x: first + 9.0,
                y: 4.0 + CELL.leading / 2.0,
                r: 3.6,
                shape: Shape::of(i),
                color: crate::debrief::chart::COLORS[i % 7],
            }],
            dashes: Vec::new(),
        };
        doc.put(row, &extra);
    }
    doc.put(Row::space(12.0), &Extra::default());

    // Scores per topic: the chart, then the same numbers as a table.
    let mut rows = vec![doc.b.heading("Scores per topic")];
    rows.extend(doc.text(
        &format!(
            "An interviewer's score on a topic is the mean of their scores on that topic's questions; the panel average (dashed line) is the mean of those, over the interviewers who scored it. Scores go from 1 ({}) to {} ({}).",
            d.rubric.first().map_or("", String::as_str),
            d.rubric.len(),
            d.rubric.last().map_or("", String::as_str)
        ),
        Style { color: MUTED, ..SMALL },
        w,
    ));
    if let Some(last) = rows.last_mut() {
        last.keep_with_next = true;
    }
    for row in rows {
        doc.put(row, &Extra::default());
    }
    chart(&mut doc, d, w);
    doc.put(Row::space(8.0), &Extra::default());
    let first = 130.0;
    let cols = d.panel.len() + 1;
    let col = (w - first) / cols as f32;
    let mut header = vec![doc.text("Topic", bold, first - 8.0)];
    for m in &d.panel {
        header.push(doc.text(&name(m.name.as_deref()), bold, col - 8.0));
    }
    header.push(doc.text("Panel average", bold, col - 8.0));
    let mut row = doc.b.table_row(header, first, col, Some(SOFT));
    row.keep_with_next = true;
    let header_row = row.clone();
    doc.put(row, &Extra::default());
    for t in &d.topics {
        let mut label = t.topic.clone();
        if t.disagreement {
            label.push_str(" (disagreement)");
        }
        let mut cells = vec![doc.text(
            &label,
            Style {
                color: if t.disagreement { FLAG } else { INK },
                ..CELL
            },
            first - 8.0,
        )];
        for i in 0..d.panel.len() {
            let text = match t.scores.iter().find(|s| s.member == i) {
                Some(s) => format!(
                    "{} ({} of {} q · {}/{} points)",
                    s.score.map_or("–".to_owned(), show),
                    s.scored,
                    s.questions,
                    s.points_hit,
                    s.points
                ),
                None => "–".to_owned(),
            };
            cells.push(doc.text(&text, CELL, col - 8.0));
        }
        cells.push(doc.text(&t.average.map_or("–".to_owned(), show), bold, col - 8.0));
        let row = doc.b.table_row(cells, first, col, None);
        if row.height > doc.composer.remaining() {
            doc.composer.new_page();
            doc.put(header_row.clone(), &Extra::default());
        }
        doc.put(row, &Extra::default());
    }
    doc.put(Row::space(12.0), &Extra::default());

    // Recommendations.
    let mut rows = vec![doc.b.heading("Recommendations")];
    let tally: Vec<String> = d
        .recommendations
        .tally
        .iter()
        .map(|t| format!("{} {}", capitalise(words(t.recommendation)), t.count))
        .collect();
    rows.extend(doc.text(
        &tally.join(" · "),
        Style {
            face: Face::Bold,
            ..BODY
        },
        w,
    ));
    rows.push(Row::space(4.0));
    doc.block(rows);
    for g in &d.recommendations.given {
        let rec = g
            .recommendation
            .map_or("no recommendation".to_owned(), |r| capitalise(words(r)));
        let color = match g.recommendation {
            Some(r) if r.is_yes() => YES,
            Some(_) => FLAG,
            None => MUTED,
        };
        let mut rows = doc.text(
            &format!("{}: {rec}", name(g.interviewer.as_deref())),
            Style {
                face: Face::Bold,
                color,
                ..BODY
            },
            w,
        );
        if g.reasons.trim().is_empty() {
            rows.extend(doc.text(
                "No reasons given.",
                Style {
                    color: MUTED,
                    ..SMALL
                },
                w,
            ));
        } else {
            rows.extend(doc.free(&g.reasons, BODY, w));
        }
        rows.push(Row::space(6.0));
        doc.block(rows);
    }
    doc.put(Row::space(8.0), &Extra::default());

    // Every question, by topic.
    let heading = doc.b.heading("Questions");
    doc.put(heading, &Extra::default());
    for t in &d.topics {
        let mut topic_heading = merge(doc.text(
            &t.topic,
            Style {
                face: Face::Bold,
                size: 10.5,
                leading: 16.0,
                color: INK,
            },
            w,
        ));
        topic_heading.keep_with_next = true;
        let mut first_of_topic = true;
        for q in d.questions.iter().filter(|q| q.topic == t.topic) {
            let mut rows = Vec::new();
            if first_of_topic {
                rows.push(topic_heading.clone());
                first_of_topic = false;
            }
            rows.push(Row {
                height: 3.0,
                draws: vec![Draw::Line {
                    x1: 0.0,
                    y1: 1.0,
                    x2: w,
                    y2: 1.0,
                    color: RULE,
                    width: 0.5,
                }],
                keep_with_next: true,
            });
            let score = match q.score {
                Some(s) => match &q.score_label {
                    Some(l) => format!("score {s} ({l})"),
                    None => format!("score {s}"),
                },
                None => "not scored".to_owned(),
            };
            let meta = format!(
                "{} · {} · {} · {score} · {} of {} points",
                name(q.interviewer.as_deref()),
                q.level.name(),
                q.id,
                q.points_hit,
                q.points.len()
            );
            let mut meta_rows = doc.text(&meta, LABEL, w);
            if let Some(last) = meta_rows.last_mut() {
                last.keep_with_next = true;
            }
            rows.extend(meta_rows);
            rows.extend(prompt_rows(&mut doc, &q.prompt, w));
            for (text, hit) in q.expected.iter().zip(&q.points) {
                let mark = if *hit { "covered:" } else { "missed:" };
                let spans = markup::spans(text);
                let mut item = wrap_spans(
                    doc.b.fonts,
                    &spans,
                    CELL,
                    w - 52.0,
                    "the debrief",
                    doc.b.warnings,
                );
                let color = if *hit { YES } else { MUTED };
                let mut head = doc.text(
                    mark,
                    Style {
                        face: Face::Bold,
                        color,
                        ..CELL
                    },
                    50.0,
                );
                if let (Some(first), Some(h)) = (item.first_mut(), head.pop()) {
                    first.shift(52.0, 0.0);
                    first.draws.extend(h.draws);
                    for r in item.iter_mut().skip(1) {
                        r.shift(52.0, 0.0);
                    }
                }
                rows.extend(item);
            }
            if !q.notes.trim().is_empty() {
                let mut label = doc.text("Notes", LABEL, w);
                if let Some(l) = label.last_mut() {
                    l.keep_with_next = true;
                }
                rows.extend(label);
                rows.extend(doc.free(&q.notes, SMALL, w));
            }
            rows.push(Row::space(6.0));
            doc.block(rows);
        }
    }

    // The rest of each interviewer's free text.
    let heading = doc.b.heading("Interviewers' notes");
    doc.put(heading, &Extra::default());
    for nn in &d.notes {
        let mut rows = doc.text(
            &name(nn.interviewer.as_deref()),
            Style {
                face: Face::Bold,
                ..BODY
            },
            w,
        );
        let mut any = false;
        let mut part = |doc: &mut Doc, rows: &mut Vec<Row>, label: &str, text: &str| {
            if text.trim().is_empty() {
                return;
            }
            any = true;
            let mut l = doc.text(label, LABEL, w);
            if let Some(last) = l.last_mut() {
                last.keep_with_next = true;
            }
            rows.extend(l);
            rows.extend(doc.free(text, SMALL, w));
        };
        for (topic, text) in &nn.topic_comments {
            part(&mut doc, &mut rows, &format!("On {topic}"), text);
        }
        part(
            &mut doc,
            &mut rows,
            "The candidate's questions",
            &nn.candidate_questions,
        );
        part(&mut doc, &mut rows, "General notes", &nn.notes);
        if !any {
            rows.extend(doc.text(
                "No further notes.",
                Style {
                    color: MUTED,
                    ..SMALL
                },
                w,
            ));
        }
        rows.push(Row::space(8.0));
        doc.block(rows);
    }

    let mut footer = vec!["Debrief", d.role.as_str()];
    footer.extend(d.candidate.as_deref());
    let footer = footer.join(" · ");
    let (pages, extra) = doc.finish(&footer, &d.fingerprint);
    write(
        fonts,
        &Meta {
            title: &footer,
            subject: &format!("Interview debrief, edition {}", d.fingerprint),
            date: &d.date,
        },
        page,
        &pages,
        &extra,
    )
}

/// A prompt's paragraphs and code blocks.
fn prompt_rows(doc: &mut Doc, prompt: &str, w: f32) -> Vec<Row> {
    let mut rows = Vec::new();
    for block in markup::blocks(prompt) {
        match block {
            Block::Para { spans } => {
                rows.extend(wrap_spans(
                    doc.b.fonts,
                    &spans,
                    SMALL,
                    w,
                    "a prompt",
                    doc.b.warnings,
                ));
                rows.push(Row::space(2.0));
            }
            Block::Code { text } => {
                let code = code_rows(
                    doc.b.fonts,
                    &text,
                    7.6,
                    9.4,
                    w - 12.0,
                    "a prompt",
                    doc.b.warnings,
                );
                let mut block = merge(code);
                block.shift(6.0, 3.0);
                let h = block.height + 6.0;
                let mut draws = vec![Draw::Rect {
                    x: 0.0,
                    y: 0.0,
                    w,
                    h,
                    fill: Some(SOFT),
                    stroke: None,
                }];
                draws.append(&mut block.draws);
                rows.push(Row {
                    height: h + 3.0,
                    draws,
                    keep_with_next: false,
                });
            }
        }
    }
    rows
}

/// The chart: the scale, then one row per topic with each interviewer's mark in their lane.
fn chart(doc: &mut Doc, d: &Debrief, w: f32) {
    let chart = Chart::new(d, w, 130.0);
    let mut scale = Row {
        height: chart.top,
        draws: Vec::new(),
        keep_with_next: true,
    };
    let fonts = doc.b.fonts;
    for (x, k, label) in &chart.levels {
        let number = k.to_string();
        let nw = fonts.face(Face::Bold).width(&number, 8.5);
        scale.draws.push(Draw::Text {
            x: x - nw / 2.0,
            y: 10.0,
            face: Face::Bold,
            size: 8.5,
            color: MUTED,
            text: number,
        });
        let label = printable(fonts, Face::Regular, label, "the rubric", doc.b.warnings);
        let lw = fonts.face(Face::Regular).width(&label, 7.0);
        scale.draws.push(Draw::Text {
            x: (x - lw / 2.0).clamp(chart.x0 - 14.0, w - lw),
            y: 20.0,
            face: Face::Regular,
            size: 7.0,
            color: MUTED,
            text: label,
        });
    }
    doc.put(scale, &Extra::default());
    let count = chart.bands.len();
    for (i, band) in chart.bands.iter().enumerate() {
        let mut draws = vec![Draw::Line {
            x1: 0.0,
            y1: 0.0,
            x2: w,
            y2: 0.0,
            color: RULE,
            width: 0.6,
        }];
        for (x, _, _) in &chart.levels {
            draws.push(Draw::Line {
                x1: *x,
                y1: 0.0,
                x2: *x,
                y2: band.height,
                color: Rgb(0.867, 0.886, 0.91),
                width: 0.8,
            });
        }
        let mut label = doc.text(&band.topic, CELL, chart.x0 - 20.0);
        label.truncate(2);
        for (k, mut r) in label.into_iter().enumerate() {
            r.shift(0.0, 3.0 + k as f32 * CELL.leading);
            draws.extend(r.draws);
        }
        if i + 1 == count {
            draws.push(Draw::Line {
                x1: 0.0,
                y1: band.height,
                x2: w,
                y2: band.height,
                color: RULE,
                width: 0.6,
            });
        }
        let extra = Extra {
            glyphs: band
                .marks
                .iter()
                .map(|m: &Mark| Glyph {
                    x: m.x,
                    y: m.y - band.y,
                    r: chart.radius,
                    shape: m.shape,
                    color: m.color,
                })
                .collect(),
            dashes: band
                .average
                .iter()
                .map(|(x, _)| (*x, 2.0, band.height - 2.0))
                .collect(),
        };
        doc.put(
            Row {
                height: band.height,
                draws,
                keep_with_next: false,
            },
            &extra,
        );
    }
}

/// The comparison of the candidates of one edition, on landscape pages.
pub fn comparison(c: &Comparison, paper: Paper, warnings: &mut Vec<Warning>) -> Result<Vec<u8>> {
    let fonts = Fonts::get()?;
    let upright = Page::new(paper);
    let page = Page {
        width: upright.height,
        height: upright.width,
        top: 40.0,
        bottom: 52.0,
        ..upright
    };
    let mut doc = Doc::new(fonts, page, warnings);
    let w = doc.width();
    let mut rows = doc.text(
        "CANDIDATE COMPARISON",
        Style {
            face: Face::Bold,
            size: 8.0,
            leading: 12.0,
            color: ACCENT,
        },
        w,
    );
    rows.extend(doc.text(
        &c.role,
        Style {
            face: Face::Bold,
            size: 17.0,
            leading: 22.0,
            color: INK,
        },
        w,
    ));
    rows.extend(doc.text(
        &format!(
            "{} candidates · {} · edition {} · {} {}. Each cell is the panel's average on a topic (the mean of each interviewer's mean question score), from 1 ({}) to {} ({}); the average is the mean of the topic averages. Candidates in name order.",
            c.candidates.len(),
            c.seniority,
            c.fingerprint,
            c.bank.name,
            c.bank.version,
            c.rubric.first().map_or("", String::as_str),
            c.rubric.len(),
            c.rubric.last().map_or("", String::as_str)
        ),
        Style { color: MUTED, ..SMALL },
        w,
    ));
    rows.push(Row::space(8.0));
    doc.block(rows);
    let style = Style {
        size: 7.2,
        leading: 9.2,
        ..SMALL
    };
    let bold = Style {
        face: Face::Bold,
        ..style
    };
    let first = 120.0;
    let cols = c.topics.len() + 1 + 4 + 2;
    let col = (w - first) / cols as f32;
    let mut header = vec![doc.text("Candidate", bold, first - 8.0)];
    let labels: Vec<String> = c
        .topics
        .iter()
        .cloned()
        .chain(std::iter::once("Average".to_owned()))
        .chain(Recommendation::ALL.iter().map(|&r| capitalise(words(r))))
        .chain(["Results".to_owned(), "Flags".to_owned()])
        .collect();
    for l in &labels {
        header.push(doc.text(l, bold, col - 8.0));
    }
    let mut header = doc.b.table_row(header, first, col, Some(SOFT));
    header.keep_with_next = true;
    doc.put(header.clone(), &Extra::default());
    for r in &c.candidates {
        let mut cells = vec![doc.text(
            r.candidate.as_deref().unwrap_or("(not named)"),
            style,
            first - 8.0,
        )];
        let values = r
            .topics
            .iter()
            .map(|t| t.map_or("–".to_owned(), show))
            .chain(std::iter::once(r.average.map_or("–".to_owned(), show)))
            .chain(
                Recommendation::ALL
                    .iter()
                    .map(|&k| r.recommendations.get(k).to_string()),
            )
            .chain([
                format!("{} of {}", r.handed_in, r.panel),
                r.flags.to_string(),
            ]);
        for (i, v) in values.enumerate() {
            let s = if i == c.topics.len() { bold } else { style };
            let s = if i == c.topics.len() + 5 && !r.complete {
                Style {
                    color: FLAG,
                    ..bold
                }
            } else {
                s
            };
            cells.push(doc.text(&v, s, col - 8.0));
        }
        let row = doc.b.table_row(cells, first, col, None);
        if row.height > doc.composer.remaining() {
            doc.composer.new_page();
            doc.put(header.clone(), &Extra::default());
        }
        doc.put(row, &Extra::default());
    }
    let footer = format!("Comparison · {}", c.role);
    let date = c
        .candidates
        .iter()
        .map(|r| r.date.as_str())
        .max()
        .unwrap_or("");
    let (pages, extra) = doc.finish(&footer, &c.fingerprint);
    write(
        fonts,
        &Meta {
            title: &footer,
            subject: &format!("Candidate comparison, edition {}", c.fingerprint),
            date,
        },
        page,
        &pages,
        &extra,
    )
}

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
