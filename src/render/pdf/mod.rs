//! The printed scorecard: a PDF laid out here (measured glyph widths, keep-together rules,
//! "page N of M") and written with printpdf using the DejaVu fonts shipped in the repo,
//! embedded as subsets.

mod common;
mod content;
pub mod debrief;
pub mod form;
mod form_font;
mod layout;
mod readback;
mod subset;
mod ttf;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use printpdf::{
    FontId, Mm, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};
use sha2::{Digest, Sha256};

use self::layout::{
    ACCENT, Draw, FLAG, Face, Field, Fonts, INK, MUTED, RULE, Rgb, Row, SOFT, Style, code_rows,
    merge, printable, wrap_spans, wrap_text,
};
use super::markup::{self, Block};
use super::{Renderer, Warning};
use crate::edition::{CardQuestion, Edition, Scorecard};
use crate::error::{Error, Result};
use crate::spec::{Layout, Paper};

/// Page geometry in points.
#[derive(Debug, Clone, Copy)]
struct Page {
    width: f32,
    height: f32,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
}

impl Page {
    /// The page of a layout: compact uses narrower margins.
    fn of(paper: Paper, layout: Layout) -> Page {
        let page = Page::new(paper);
        match layout {
            Layout::Roomy => page,
            Layout::Compact => Page {
                left: 36.0,
                right: 36.0,
                top: 36.0,
                bottom: 50.0,
                ..page
            },
        }
    }

    fn new(paper: Paper) -> Page {
        let (width, height) = match paper {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        };
        Page {
            width,
            height,
            left: 50.0,
            right: 50.0,
            top: 48.0,
            bottom: 58.0,
        }
    }

    fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    fn content_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

/// Renders cards to PDF.
pub struct PdfRenderer {
    fonts: &'static Fonts,
}

impl PdfRenderer {
    pub fn new() -> Result<PdfRenderer> {
        Ok(PdfRenderer {
            fonts: Fonts::get()?,
        })
    }
}

impl Renderer for PdfRenderer {
    fn render(
        &self,
        edition: &Edition,
        card: &Scorecard,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<u8>> {
        let (page, pages) = self.lay_out(edition, card, warnings);
        write_pdf(self.fonts, edition, card, page, pages)
    }
}

impl PdfRenderer {
    /// Place everything of a card on pages, footers included. Separate from writing so the
    /// layout rules (margins, keep-together) can be checked directly.
    fn lay_out(
        &self,
        edition: &Edition,
        card: &Scorecard,
        warnings: &mut Vec<Warning>,
    ) -> (Page, Vec<Vec<Draw>>) {
        let page = Page::of(edition.paper, edition.layout);
        let density = Density::of(edition.layout);
        let mut b = Builder {
            fonts: self.fonts,
            page,
            density,
            warnings,
        };
        let mut composer = Composer::new(page);
        composer.place(b.title_block(edition, card), true, None);
        if edition.has_panel() {
            composer.place(b.coverage_block(edition, card), true, None);
        }
        if density.compact {
            composer.place(b.rubric_legend(edition), true, None);
        }
        // The end: the candidate's questions (with a closing), general notes, then the
        // summary and the decision, each kept whole.
        let end = b.end_blocks(edition, card);
        // Each question is laid out once; only its number of evidence lines varies below.
        let blocks: Vec<Vec<Row>> = card
            .questions
            .iter()
            .map(|q| b.question_block(edition, q, 2))
            .collect();
        let trailing = density.trailing;
        let note_line = density.note_line;
        let block = |i: usize, lines: usize| with_note_lines(&blocks[i], lines, page, note_line);
        let fits = |rows: &[Row], room: f32| total_height(rows) - trailing <= room;
        for (i, q) in card.questions.iter().enumerate() {
            let mut lines = density.note_lines;
            let mut rows = block(i, lines);
            // Roomy: four evidence lines by default; two when that lets the question stay on
            // the current page, or when even a fresh page is too short for four. Compact
            // keeps its minimum.
            if !density.compact
                && (!fits(&rows, composer.remaining()) || !fits(&rows, page.content_height()))
            {
                let tighter = block(i, 2);
                if fits(&tighter, composer.remaining()) || !fits(&rows, page.content_height()) {
                    rows = tighter;
                    lines = 2;
                }
            }
            // When what follows will not fit below this question, give the rest of the page
            // to this question's evidence notes instead of leaving it blank.
            let height = total_height(&rows);
            let room_after = if fits(&rows, composer.remaining()) {
                composer.remaining() - height
            } else {
                page.content_height() - height
            };
            let next = match blocks.get(i + 1) {
                Some(_) if density.compact => {
                    total_height(&block(i + 1, density.note_lines)) - trailing
                }
                Some(next) => total_height(next) - trailing,
                None => end.first().map_or(0.0, |rows| total_height(rows)),
            };
            if next > room_after && room_after >= note_line {
                let extra = ((room_after / note_line).floor() as usize).min(30);
                rows = block(i, lines + extra);
            }
            let continued = b.continued_row(q);
            composer.place(rows, true, Some(continued));
        }
        for rows in end {
            composer.place(rows, true, None);
        }
        let mut pages = composer.finish();
        let footer = footer_text(edition, card);
        let footer = printable(self.fonts, Face::Regular, &footer, "the footer", b.warnings);
        add_footers(self.fonts, page, &mut pages, &footer, &edition.fingerprint);
        (page, pages)
    }
}

/// Footer of every page: who the card is for on the left (shortened with an ellipsis when it
/// would collide), the edition and "page N of M" on the right.
fn add_footers(
    fonts: &Fonts,
    page: Page,
    pages: &mut [Vec<Draw>],
    footer: &str,
    fingerprint: &str,
) {
    let count = pages.len();
    let regular = fonts.face(Face::Regular);
    let size = 7.6;
    let y = page.height - page.bottom + 28.0;
    for (index, draws) in pages.iter_mut().enumerate() {
        let right = format!("edition {fingerprint} · page {} of {count}", index + 1);
        let right_w = regular.width(&right, size);
        let room = page.content_width() - right_w - 16.0;
        let mut left = footer.to_owned();
        if regular.width(&left, size) > room {
            while !left.is_empty() && regular.width(&format!("{left}…"), size) > room {
                left.pop();
            }
            left = format!("{}…", left.trim_end());
        }
        draws.push(Draw::Line {
            x1: page.left,
            y1: y - 12.0,
            x2: page.width - page.right,
            y2: y - 12.0,
            color: RULE,
            width: 0.5,
        });
        draws.push(Draw::Text {
            x: page.left,
            y,
            face: Face::Regular,
            size,
            color: MUTED,
            text: left,
        });
        draws.push(Draw::Text {
            x: page.width - page.right - right_w,
            y,
            face: Face::Regular,
            size,
            color: MUTED,
            text: right,
        });
    }
}

/// Where a question block's evidence lines are, counted from its end: the lines, then the
/// score label, the rubric and the trailing space (see `Builder::question_block`).
const NOTE_LINES_FROM_END: usize = 4;

/// A question block with `count` evidence lines instead of the ones it was laid out with (and
/// their form field, which takes the new lines' area).
fn with_note_lines(block: &[Row], count: usize, page: Page, spacing: f32) -> Vec<Row> {
    let mut rows = block.to_vec();
    if let Some(at) = rows.len().checked_sub(NOTE_LINES_FROM_END) {
        let name = rows[at].draws.iter().find_map(|d| match d {
            Draw::Field {
                field: Field::Text(name),
                ..
            } => Some(name.clone()),
            _ => None,
        });
        rows[at] = ruled_lines(count, page.content_width(), spacing, name);
    }
    rows
}

/// `count` ruled lines across `width`, `spacing` apart, kept with the row after them; with a
/// name, a text field over them (from the top of the first line's writing space to the last;
/// kept even over no lines, so that `with_note_lines` can give it lines later).
fn ruled_lines(count: usize, width: f32, spacing: f32, field: Option<String>) -> Row {
    // No lines, no room: compact questions may have none below their evidence area.
    let height = if count == 0 {
        0.0
    } else {
        count as f32 * spacing + 4.0
    };
    let mut row = Row {
        height,
        draws: Vec::new(),
        keep_with_next: true,
    };
    if let Some(name) = field {
        row.draws.push(Draw::Field {
            x: 0.0,
            y: 0.0,
            w: width,
            h: count as f32 * spacing,
            field: Field::Text(name),
        });
    }
    for i in 1..=count {
        let y = i as f32 * spacing;
        row.draws.push(Draw::Line {
            x1: 0.0,
            y1: y,
            x2: width,
            y2: y,
            color: RULE,
            width: 0.6,
        });
    }
    row
}

/// Distance between the ruled lines for evidence notes: room for handwriting.
const NOTE_LINE: f32 = 19.0;

/// Space after each question (roomy); it may hang below the last row of a page.
const TRAILING_SPACE: f32 = 18.0;

/// Sizes and spacing of a layout: roomy's are the card's original ones; compact's are
/// smaller, so that whole questions pack onto pages with their evidence lines.
#[derive(Debug, Clone, Copy)]
struct Density {
    compact: bool,
    /// Evidence lines a question gets at least (roomy: by default), and their spacing.
    note_lines: usize,
    note_line: f32,
    /// Lines for the reasons of the recommendation.
    reason_lines: usize,
    /// Space after each question.
    trailing: f32,
    /// The prompt's paragraphs, and the space after each.
    prompt: Style,
    para_gap: f32,
    /// Code blocks: size, leading and padding.
    code: (f32, f32, f32),
    /// Expected answer points, and the space after each.
    points: Style,
    point_gap: f32,
    /// Follow-ups and red flags.
    probes: Style,
    /// Space between the parts of a question.
    gap: f32,
    /// Ruled lines for the candidate's questions and for general notes.
    end_lines: (usize, usize),
}

impl Density {
    fn of(layout: Layout) -> Density {
        match layout {
            Layout::Roomy => Density {
                compact: false,
                note_lines: 4,
                note_line: NOTE_LINE,
                reason_lines: 4,
                trailing: TRAILING_SPACE,
                prompt: Style {
                    size: 10.5,
                    leading: 15.0,
                    ..BODY
                },
                para_gap: 4.0,
                code: (8.6, 11.6, 6.0),
                points: BODY,
                point_gap: 2.0,
                probes: SMALL,
                gap: 4.0,
                end_lines: (6, 8),
            },
            Layout::Compact => Density {
                compact: true,
                // Beside the answer points (at least `COMPACT_NOTE_LINES`); full-width lines
                // below only where a page has room to spare.
                note_lines: 0,
                // 6 mm: room for handwriting, a little tighter than roomy's 6.7 mm.
                note_line: 15.0,
                reason_lines: 3,
                trailing: 9.0,
                prompt: Style {
                    size: 9.0,
                    leading: 11.0,
                    ..BODY
                },
                para_gap: 2.0,
                code: (7.6, 9.0, 3.5),
                points: Style {
                    size: 8.2,
                    leading: 10.0,
                    ..BODY
                },
                point_gap: 0.5,
                probes: Style {
                    size: 7.6,
                    leading: 9.2,
                    ..SMALL
                },
                gap: 2.0,
                end_lines: (4, 5),
            },
        }
    }
}

/// The space between the summary and the recommendation.
const END_GAP: f32 = 16.0;

/// The fewest evidence lines a question gets in the compact layout.
pub const COMPACT_NOTE_LINES: usize = 5;

fn total_height(rows: &[Row]) -> f32 {
    rows.iter().map(|r| r.height).sum()
}

fn footer_text(edition: &Edition, card: &Scorecard) -> String {
    super::card_title(edition, card)
}

/// Builds the rows of each part of a card.
struct Builder<'a> {
    fonts: &'static Fonts,
    page: Page,
    density: Density,
    warnings: &'a mut Vec<Warning>,
}

const BODY: Style = Style {
    face: Face::Regular,
    size: 10.0,
    leading: 14.0,
    color: INK,
};
const SMALL: Style = Style {
    face: Face::Regular,
    size: 8.6,
    leading: 11.5,
    color: INK,
};
const LABEL: Style = Style {
    face: Face::Bold,
    size: 8.0,
    leading: 12.0,
    color: MUTED,
};

impl Builder<'_> {
    fn text(&mut self, text: &str, style: Style, width: f32, context: &str) -> Vec<Row> {
        wrap_text(self.fonts, text, style, width, context, self.warnings)
    }

    fn label(&mut self, text: &str, color: Rgb) -> Row {
        let mut rows = self.text(
            text,
            Style { color, ..LABEL },
            self.page.content_width(),
            "a label",
        );
        let mut row = rows.pop().unwrap_or_default();
        row.keep_with_next = true;
        row
    }

    fn title_block(&mut self, edition: &Edition, card: &Scorecard) -> Vec<Row> {
        let w = self.page.content_width();
        let mut rows = Vec::new();
        rows.extend(self.text(
            "INTERVIEW SCORECARD",
            Style {
                face: Face::Bold,
                size: 8.0,
                leading: 12.0,
                color: ACCENT,
            },
            w,
            "the title",
        ));
        rows.extend(self.text(
            &edition.role,
            if self.density.compact {
                Style {
                    face: Face::Bold,
                    size: 16.0,
                    leading: 20.0,
                    color: INK,
                }
            } else {
                Style {
                    face: Face::Bold,
                    size: 20.0,
                    leading: 25.0,
                    color: INK,
                }
            },
            w,
            "the role",
        ));
        rows.push(Row::space(8.0));
        let length = format!(
            "{} min of questions ({} planned)",
            card.total_minutes, edition.duration
        );
        let edition_line = format!(
            "{} · {} {} · seed {}",
            edition.fingerprint, edition.bank.name, edition.bank.version, edition.seed
        );
        let seniority = capitalise(&format!("{:?}", edition.seniority).to_lowercase());
        let facts: [(&str, Option<&str>); 6] = [
            ("CANDIDATE", edition.candidate.as_deref()),
            ("INTERVIEWER", card.interviewer.as_deref()),
            ("SENIORITY", Some(&seniority)),
            ("DATE", Some(&edition.date)),
            ("LENGTH", Some(&length)),
            ("EDITION", Some(&edition_line)),
        ];
        // With an intro or a closing, the slot's agenda (the time markers below count from
        // the start of the slot).
        let agenda = edition
            .agenda_line(card)
            .map(|line| format!("{line} · {} min in all", edition.slot_minutes()));
        let gap = if self.density.compact { 16.0 } else { 22.0 };
        let per_row = if self.density.compact { 3 } else { 2 };
        let col_w = (w - gap * (per_row - 1) as f32) / per_row as f32;
        let value_size = if self.density.compact { 9.0 } else { 11.0 };
        let row_gap = if self.density.compact { 4.0 } else { 8.0 };
        let agenda_fact = [("AGENDA (MINUTES)", agenda.as_deref())];
        // The agenda, when there is one, takes a row of its own across the page.
        let rows_of_facts = facts
            .chunks(per_row)
            .map(|pair| (pair, col_w))
            .chain(agenda.is_some().then_some((&agenda_fact[..], w)));
        for (pair, col_w) in rows_of_facts {
            let mut cells = Vec::new();
            for (label, value) in pair {
                let mut cell = self.text(
                    label,
                    Style {
                        face: Face::Bold,
                        size: 7.0,
                        leading: 10.0,
                        color: MUTED,
                    },
                    col_w,
                    "a label",
                );
                match value {
                    Some(v) => cell.extend(self.text(
                        v,
                        Style {
                            size: value_size,
                            leading: value_size + 4.0,
                            ..BODY
                        },
                        col_w,
                        "the header",
                    )),
                    None => cell.push(Row::space(15.0)),
                }
                cells.push(merge(cell));
            }
            let height = cells.iter().map(|c| c.height).fold(0.0, f32::max) + 4.0;
            let mut row = Row {
                height: height + row_gap,
                draws: Vec::new(),
                keep_with_next: false,
            };
            for (i, mut cell) in cells.into_iter().enumerate() {
                let x = i as f32 * (col_w + gap);
                cell.shift(x, 0.0);
                row.draws.extend(cell.draws);
                row.draws.push(Draw::Line {
                    x1: x,
                    y1: height,
                    x2: x + col_w,
                    y2: height,
                    color: RULE,
                    width: 0.6,
                });
            }
            rows.push(row);
        }
        rows.push(Row::space(6.0));
        rows
    }

    fn coverage_block(&mut self, edition: &Edition, card: &Scorecard) -> Vec<Row> {
        let w = self.page.content_width();
        let mut rows = vec![self.heading("Panel coverage")];
        rows.extend(self.text(
            "Who asks about what. No question is asked twice on this panel; compare the edition code to be sure you hold the same one.",
            Style { color: MUTED, ..SMALL },
            w,
            "the coverage note",
        ));
        rows.push(Row::space(4.0));
        let topics = edition.all_topics();
        let first = (w * 0.34).min(190.0);
        let n = edition.scorecards.len().max(1) as f32;
        let col = (w - first) / n;
        let mut header: Vec<Vec<Row>> = vec![self.text(
            "Topic",
            Style {
                face: Face::Bold,
                ..SMALL
            },
            first - 8.0,
            "the coverage table",
        )];
        for c in &edition.scorecards {
            let name = c.interviewer.clone().unwrap_or_default();
            let style = Style {
                face: Face::Bold,
                color: if std::ptr::eq(c, card) { ACCENT } else { INK },
                ..SMALL
            };
            header.push(self.text(&name, style, col - 8.0, "the coverage table"));
        }
        rows.push(self.table_row(header, first, col, Some(SOFT)));
        for (id, title) in topics.iter().chain(std::iter::once(&("", "Total"))) {
            let mut cells = vec![self.text(
                title,
                Style {
                    face: if id.is_empty() {
                        Face::Bold
                    } else {
                        Face::Regular
                    },
                    ..SMALL
                },
                first - 8.0,
                "the coverage table",
            )];
            for c in &edition.scorecards {
                let text = if id.is_empty() {
                    format!("{} q · {} min", c.questions.len(), c.total_minutes)
                } else {
                    match c.topics.iter().find(|t| t.id == *id) {
                        Some(t) => format!("{} q · {} min", t.questions, t.minutes),
                        None => "–".to_owned(),
                    }
                };
                cells.push(self.text(&text, SMALL, col - 8.0, "the coverage table"));
            }
            rows.push(self.table_row(cells, first, col, None));
        }
        rows.push(Row::space(14.0));
        rows
    }

    /// A table row: the first column `first` wide, the others `col` wide, with borders.
    fn table_row(&mut self, cells: Vec<Vec<Row>>, first: f32, col: f32, fill: Option<Rgb>) -> Row {
        let pad = if self.density.compact { 2.5 } else { 4.0 };
        let merged: Vec<Row> = cells.into_iter().map(merge).collect();
        let height = merged.iter().map(|c| c.height).fold(0.0, f32::max) + 2.0 * pad;
        let mut row = Row {
            height,
            draws: Vec::new(),
            keep_with_next: false,
        };
        let mut x = 0.0;
        for (i, mut cell) in merged.into_iter().enumerate() {
            let cw = if i == 0 { first } else { col };
            row.draws.push(Draw::Rect {
                x,
                y: 0.0,
                w: cw,
                h: height,
                fill,
                stroke: Some((RULE, 0.6)),
            });
            cell.shift(x + pad, pad);
            row.draws.extend(cell.draws);
            x += cw;
        }
        row
    }

    fn heading(&mut self, text: &str) -> Row {
        let w = self.page.content_width();
        let mut rows = self.text(
            text,
            Style {
                face: Face::Bold,
                size: 12.5,
                leading: 18.0,
                color: ACCENT,
            },
            w,
            "a heading",
        );
        let mut row = merge(std::mem::take(&mut rows));
        row.height += 2.0;
        row.keep_with_next = true;
        row
    }

    fn continued_row(&mut self, q: &CardQuestion) -> Row {
        let text = format!("Question {} (continued)", q.number);
        let mut row = merge(self.text(
            &text,
            Style {
                face: Face::Bold,
                size: 9.0,
                leading: 14.0,
                color: MUTED,
            },
            self.page.content_width(),
            "a heading",
        ));
        row.height += 4.0;
        row
    }

    fn question_block(
        &mut self,
        edition: &Edition,
        q: &CardQuestion,
        note_lines: usize,
    ) -> Vec<Row> {
        let w = self.page.content_width();
        let context = format!("question {}", q.id);
        let mut rows = Vec::new();

        // Header: number badge, topic, and on the right level, minutes and the clock.
        let meta = format!(
            "{} · {} min · minute {}–{}",
            capitalise(q.level.name()),
            q.minutes,
            q.start_minute,
            q.end_minute
        );
        let meta_style = Style {
            face: Face::Regular,
            size: 8.6,
            leading: 12.0,
            color: MUTED,
        };
        let meta_w = self.fonts.face(Face::Regular).width(&meta, meta_style.size);
        let badge = 20.0;
        let title_w = (w - badge - 8.0 - meta_w - 12.0).max(w * 0.35);
        let title_rows = self.text(
            &q.topic_title,
            Style {
                face: Face::Bold,
                size: 11.5,
                leading: 15.0,
                color: INK,
            },
            title_w,
            &context,
        );
        let mut header = merge(title_rows);
        header.shift(badge + 8.0, 2.0);
        let height = header.height.max(badge) + if self.density.compact { 1.0 } else { 6.0 };
        let mut head = Row {
            height,
            draws: Vec::new(),
            keep_with_next: true,
        };
        head.draws.push(Draw::Line {
            x1: 0.0,
            y1: 0.0,
            x2: w,
            y2: 0.0,
            color: ACCENT,
            width: 1.4,
        });
        head.draws.push(Draw::Rect {
            x: 0.0,
            y: 3.0,
            w: badge,
            h: badge - 4.0,
            fill: Some(ACCENT),
            stroke: None,
        });
        let number = q.number.to_string();
        let nw = self.fonts.face(Face::Bold).width(&number, 10.0);
        head.draws.push(Draw::Text {
            x: (badge - nw) / 2.0,
            y: 15.0,
            face: Face::Bold,
            size: 10.0,
            color: Rgb(1.0, 1.0, 1.0),
            text: number,
        });
        head.draws.extend(header.draws);
        let meta_text = printable(self.fonts, Face::Regular, &meta, &context, self.warnings);
        head.draws.push(Draw::Text {
            x: w - meta_w,
            y: 14.0,
            face: Face::Regular,
            size: meta_style.size,
            color: MUTED,
            text: meta_text,
        });
        rows.push(head);
        if let Some(out) = &q.replaces {
            // Said on paper too, so the interviewer knows why this card differs from a
            // colleague's of the same level.
            let mut note = merge(self.text(
                &format!("Replaces {out}, which this candidate may not be asked."),
                Style {
                    face: Face::Regular,
                    size: 8.6,
                    leading: 12.0,
                    color: MUTED,
                },
                w,
                &context,
            ));
            note.keep_with_next = true;
            rows.push(note);
        }
        rows.push(Row {
            height: if self.density.compact { 2.0 } else { 4.0 },
            draws: Vec::new(),
            keep_with_next: true,
        });

        // The prompt.
        let d = self.density;
        for block in markup::blocks(&q.prompt) {
            match block {
                Block::Para { spans } => {
                    let mut para =
                        wrap_spans(self.fonts, &spans, d.prompt, w, &context, self.warnings);
                    if let Some(last) = para.last_mut() {
                        last.height += d.para_gap;
                    }
                    rows.extend(para);
                }
                Block::Code { text } => {
                    let (size, leading, pad) = d.code;
                    let lines = code_rows(
                        self.fonts,
                        &text,
                        size,
                        leading,
                        w - 2.0 * pad,
                        &context,
                        self.warnings,
                    );
                    let mut first = true;
                    let count = lines.len();
                    for (i, mut line) in lines.into_iter().enumerate() {
                        let top = if first { pad } else { 0.0 };
                        let bottom = if i + 1 == count { pad } else { 0.0 };
                        line.shift(pad, top);
                        let h = line.height + top + bottom;
                        let mut draws = vec![Draw::Rect {
                            x: 0.0,
                            y: 0.0,
                            w,
                            h: h + 0.2,
                            fill: Some(SOFT),
                            stroke: None,
                        }];
                        draws.extend(line.draws);
                        rows.push(Row {
                            height: h,
                            draws,
                            keep_with_next: false,
                        });
                        first = false;
                    }
                    rows.push(Row::space(pad));
                }
            }
        }
        rows.push(Row::space(d.gap / 2.0));

        if d.compact {
            rows.extend(self.points_and_probes(q, w, &context));
            rows.push(Row::space(d.gap));
            // Five evidence lines with the score boxes in a column at their right, then
            // full-width lines where the page has room to spare. The last four rows are in
            // this order for `with_note_lines`.
            rows.push(self.compact_notes(edition, q, &context));
            rows.push(ruled_lines(
                note_lines,
                w,
                d.note_line,
                Some(format!("q{}.more-notes", q.number)),
            ));
            rows.push(Row::space(0.0));
            rows.push(Row::space(0.0));
        } else {
            rows.extend(self.points_and_probes(q, w, &context));
            // Evidence notes and the rubric stay together. The last four rows are in this
            // order for `with_note_lines`.
            rows.push(self.label("EVIDENCE NOTES", MUTED));
            rows.push(ruled_lines(
                note_lines,
                w,
                d.note_line,
                Some(format!("q{}.notes", q.number)),
            ));
            rows.push(self.label("SCORE — tick one", MUTED));
            rows.push(self.rubric_row(edition, &context, Some(q.number)));
        }
        rows.push(Row::space(d.trailing));
        rows
    }

    /// A question's expected answer points as checkboxes, then its follow-ups and red flags,
    /// `w` wide. Compact leaves out the points' label (the legend says to tick them) and sets
    /// the probes' labels in a column beside them.
    fn points_and_probes(&mut self, q: &CardQuestion, w: f32, context: &str) -> Vec<Row> {
        let d = self.density;
        let mut rows = Vec::new();
        if !d.compact {
            rows.push(self.label(
                "EXPECTED ANSWER POINTS — tick what the candidate covered",
                MUTED,
            ));
            rows.push(Row {
                height: 2.0,
                draws: Vec::new(),
                keep_with_next: true,
            });
        }
        let box_size = 8.5;
        let indent = 16.0;
        // The box sits on the first line's text: 3 points down at the roomy size.
        let box_y = 3.0 + (d.points.leading - BODY.leading) / 2.0;
        for (k, point) in q.expected.iter().enumerate() {
            let spans = markup::spans(point);
            let mut lines = wrap_spans(
                self.fonts,
                &spans,
                d.points,
                w - indent,
                context,
                self.warnings,
            );
            for line in &mut lines {
                line.shift(indent, 0.0);
            }
            if let Some(first) = lines.first_mut() {
                first.draws.push(Draw::Rect {
                    x: 0.5,
                    y: box_y,
                    w: box_size,
                    h: box_size,
                    fill: None,
                    stroke: Some((INK, 0.8)),
                });
                first.draws.push(Draw::Field {
                    x: 0.5,
                    y: box_y,
                    w: box_size,
                    h: box_size,
                    field: Field::Check(format!("q{}.point.{}", q.number, k + 1)),
                });
            }
            let mut point_row = merge(lines);
            point_row.height += d.point_gap;
            rows.push(point_row);
        }
        rows.push(Row::space(d.gap));

        // Compact: the label in a column of its own beside the items, not on a line above.
        let column = if d.compact { 62.0 } else { 0.0 };
        for (label, items, color) in [
            ("FOLLOW-UPS", &q.follow_ups, MUTED),
            ("RED FLAGS", &q.red_flags, FLAG),
        ] {
            if items.is_empty() {
                continue;
            }
            if !d.compact {
                rows.push(self.label(label, color));
            }
            for (k, item) in items.iter().enumerate() {
                let spans = markup::spans(item);
                let mut lines = wrap_spans(
                    self.fonts,
                    &spans,
                    d.probes,
                    w - 12.0 - column,
                    context,
                    self.warnings,
                );
                for line in &mut lines {
                    line.shift(12.0 + column, 0.0);
                }
                if k == 0
                    && d.compact
                    && let Some(first) = lines.first_mut()
                {
                    first.draws.push(Draw::Text {
                        x: 0.0,
                        y: 7.4,
                        face: Face::Bold,
                        size: 6.8,
                        color,
                        text: label.to_owned(),
                    });
                }
                if let Some(first) = lines.first_mut() {
                    first.draws.push(Draw::Text {
                        x: 2.0 + column,
                        y: 8.8 - (SMALL.leading - d.probes.leading) / 2.0,
                        face: Face::Bold,
                        size: d.probes.size,
                        color,
                        text: "•".to_owned(),
                    });
                }
                rows.push(merge(lines));
            }
            if !d.compact {
                rows.push(Row::space(d.gap));
            }
        }
        rows
    }

    /// The compact evidence area: `COMPACT_NOTE_LINES` ruled lines, and beside them a column
    /// with a box per rubric level (its label only; the anchors are in the legend).
    fn compact_notes(&mut self, edition: &Edition, q: &CardQuestion, context: &str) -> Row {
        let w = self.page.content_width();
        let spacing = self.density.note_line;
        let column = 118.0;
        let lines_w = w - column - 10.0;
        let levels = edition.rubric.len();
        // Room for the label and each level, one per line's height.
        let rows_needed = (levels + 1).max(COMPACT_NOTE_LINES);
        let mut row = Row {
            height: rows_needed as f32 * spacing + 4.0,
            draws: Vec::new(),
            keep_with_next: true,
        };
        row.draws.push(Draw::Text {
            x: 0.0,
            y: spacing - 4.0,
            face: Face::Bold,
            size: 6.5,
            color: MUTED,
            text: "EVIDENCE NOTES".to_owned(),
        });
        // The first line carries the label: the field covers the lines' writing space below it.
        row.draws.push(Draw::Field {
            x: 0.0,
            y: spacing,
            w: lines_w,
            h: (rows_needed - 1) as f32 * spacing,
            field: Field::Text(format!("q{}.notes", q.number)),
        });
        for i in 1..=rows_needed {
            let y = i as f32 * spacing;
            row.draws.push(Draw::Line {
                x1: 0.0,
                y1: y,
                x2: lines_w,
                y2: y,
                color: RULE,
                width: 0.6,
            });
        }
        let x = w - column;
        row.draws.push(Draw::Text {
            x,
            y: spacing - 4.0,
            face: Face::Bold,
            size: 6.5,
            color: MUTED,
            text: "SCORE — tick one".to_owned(),
        });
        let font = self.fonts.face(Face::Regular);
        let size = 8.2;
        for (i, level) in edition.rubric.iter().enumerate() {
            let top = (i + 1) as f32 * spacing;
            row.draws.push(Draw::Rect {
                x,
                y: top + 3.5,
                w: 8.5,
                h: 8.5,
                fill: None,
                stroke: Some((INK, 0.8)),
            });
            row.draws.push(Draw::Field {
                x,
                y: top + 3.5,
                w: 8.5,
                h: 8.5,
                field: Field::Radio(format!("q{}.score", q.number), (i + 1).to_string()),
            });
            let mut label = printable(
                self.fonts,
                Face::Regular,
                &format!("{} · {}", i + 1, level.label),
                context,
                self.warnings,
            );
            let room = column - 14.0;
            if font.width(&label, size) > room {
                while !label.is_empty() && font.width(&format!("{label}…"), size) > room {
                    label.pop();
                }
                label = format!("{}…", label.trim_end());
            }
            row.draws.push(Draw::Text {
                x: x + 13.0,
                y: top + 11.0,
                face: Face::Regular,
                size,
                color: INK,
                text: label,
            });
        }
        row
    }

    /// The compact card's rubric, once: each level's label and anchor.
    fn rubric_legend(&mut self, edition: &Edition) -> Vec<Row> {
        let mut rows = vec![self.label(
            "TICK THE ANSWER POINTS THE CANDIDATE COVERED, AND SCORE EACH QUESTION ON THESE LEVELS",
            MUTED,
        )];
        rows.push(Row {
            height: 2.0,
            draws: Vec::new(),
            keep_with_next: true,
        });
        let legend = self.rubric_row(edition, "the rubric", None);
        rows.push(legend);
        rows.push(Row::space(12.0));
        rows
    }

    /// The rubric's levels side by side, each with its anchor; with a question's number, a box
    /// to tick in each, a radio group of the form (without, it is the compact card's legend).
    fn rubric_row(&mut self, edition: &Edition, context: &str, question: Option<usize>) -> Row {
        let boxes = question.is_some();
        let indent = if boxes { 14.0 } else { 0.0 };
        let w = self.page.content_width();
        let n = edition.rubric.len().max(1) as f32;
        let gap = 6.0;
        let bw = (w - gap * (n - 1.0)) / n;
        // The legend (no boxes) is set tighter: it is read once, not ticked.
        let pad = if boxes { 5.0 } else { 3.5 };
        let (anchor_size, anchor_leading) = if boxes { (7.4, 9.6) } else { (7.0, 8.6) };
        let mut cells = Vec::new();
        for (i, level) in edition.rubric.iter().enumerate() {
            let title = format!("{} · {}", i + 1, level.label);
            let mut cell = self.text(
                &title,
                Style {
                    face: Face::Bold,
                    size: 8.6,
                    leading: 12.0,
                    color: INK,
                },
                bw - 2.0 * pad - indent,
                context,
            );
            for row in &mut cell {
                row.shift(indent, 0.0);
            }
            cell.extend(self.text(
                &level.anchor,
                Style {
                    face: Face::Regular,
                    size: anchor_size,
                    leading: anchor_leading,
                    color: MUTED,
                },
                bw - 2.0 * pad,
                context,
            ));
            cells.push(merge(cell));
        }
        let height = cells.iter().map(|c| c.height).fold(0.0, f32::max) + 2.0 * pad;
        let mut row = Row {
            height: height + 2.0,
            draws: Vec::new(),
            keep_with_next: false,
        };
        for (i, mut cell) in cells.into_iter().enumerate() {
            let x = i as f32 * (bw + gap);
            row.draws.push(Draw::Rect {
                x,
                y: 0.0,
                w: bw,
                h: height,
                fill: None,
                stroke: Some((RULE, 0.8)),
            });
            if let Some(number) = question {
                row.draws.push(Draw::Rect {
                    x: x + pad,
                    y: pad + 2.0,
                    w: 8.5,
                    h: 8.5,
                    fill: None,
                    stroke: Some((INK, 0.8)),
                });
                row.draws.push(Draw::Field {
                    x: x + pad,
                    y: pad + 2.0,
                    w: 8.5,
                    h: 8.5,
                    field: Field::Radio(format!("q{number}.score"), (i + 1).to_string()),
                });
            }
            cell.shift(x + pad, pad);
            row.draws.extend(cell.draws);
        }
        row
    }

    /// A box of ruled lines under a heading and a note, kept whole; the text field `field`
    /// over the lines.
    fn writing_area(&mut self, heading: &str, note: &str, lines: usize, field: &str) -> Vec<Row> {
        let w = self.page.content_width();
        let mut rows = vec![self.heading(heading)];
        let note = if self.density.compact { "" } else { note };
        let mut text = self.text(
            note,
            Style {
                color: MUTED,
                ..SMALL
            },
            w,
            "a note",
        );
        if let Some(last) = text.last_mut() {
            last.keep_with_next = true;
        }
        rows.extend(text);
        rows.push(ruled_lines(
            lines,
            w,
            self.density.note_line,
            Some(field.to_owned()),
        ));
        rows.push(Row::space(if self.density.compact { 8.0 } else { 16.0 }));
        rows
    }

    /// What follows the questions: the candidate's questions (with a closing), general notes,
    /// then the summary, the recommendation and the signature. Each part is kept whole.
    fn end_blocks(&mut self, edition: &Edition, card: &Scorecard) -> Vec<Vec<Row>> {
        let (candidate_lines, general_lines) = self.density.end_lines;
        let mut parts = Vec::new();
        if let Some((_, from, to)) = edition
            .agenda(card)
            .into_iter()
            .find(|(label, _, _)| *label == "candidate's questions")
        {
            parts.push(self.writing_area(
                "Candidate's questions",
                &format!(
                    "Minute {from}–{to}: what the candidate asked, and what their questions tell you."
                ),
                candidate_lines,
                "candidate-questions",
            ));
        }
        parts.push(self.writing_area(
            "General notes",
            "Anything that does not belong to one question: how the candidate worked, communicated, and what to probe next time.",
            general_lines,
            "general-notes",
        ));
        let end = self.end_block(edition, card);
        if self.density.compact {
            // Compact: the summary and the decision may go on separate pages.
            let split = end
                .iter()
                .position(|r| r.draws.is_empty() && r.height == END_GAP)
                .map_or(end.len(), |i| i + 1);
            let mut summary = end;
            let decision = summary.split_off(split);
            parts.push(summary);
            parts.push(decision);
        } else {
            parts.push(end);
        }
        parts
    }

    fn end_block(&mut self, edition: &Edition, card: &Scorecard) -> Vec<Row> {
        let w = self.page.content_width();
        let mut rows = vec![self.heading("Summary by topic")];
        let first = w * 0.34;
        let col = (w - first) / 4.0;
        let headers = ["Questions", "Points ticked", "Average score", "Comment"];
        let mut cells = vec![self.text(
            "Topic",
            Style {
                face: Face::Bold,
                ..SMALL
            },
            first - 8.0,
            "the summary",
        )];
        for h in headers {
            cells.push(self.text(
                h,
                Style {
                    face: Face::Bold,
                    ..SMALL
                },
                col - 8.0,
                "the summary",
            ));
        }
        let mut header = self.table_row(cells, first, col, Some(SOFT));
        header.keep_with_next = true;
        rows.push(header);
        for topic in &card.topics {
            let points: usize = card
                .questions
                .iter()
                .filter(|q| q.topic == topic.id)
                .map(|q| q.expected.len())
                .sum();
            let mut cells = vec![self.text(&topic.title, SMALL, first - 8.0, "the summary")];
            cells.push(self.text(
                &topic.questions.to_string(),
                SMALL,
                col - 8.0,
                "the summary",
            ));
            cells.push(self.text(
                &format!("     of {points}"),
                Style {
                    color: MUTED,
                    ..SMALL
                },
                col - 8.0,
                "the summary",
            ));
            cells.push(vec![Row::space(if self.density.compact {
                SMALL.leading
            } else {
                SMALL.leading + 6.0
            })]);
            cells.push(Vec::new());
            let mut row = self.table_row(cells, first, col, None);
            row.draws.push(Draw::Field {
                x: first + 3.0 * col,
                y: 0.0,
                w: col,
                h: row.height,
                field: Field::Text(format!("comment.{}", topic.id)),
            });
            rows.push(row);
        }
        rows.push(Row::space(END_GAP));
        rows.push(self.heading("Overall recommendation"));
        rows.extend(self.text(
            "Choose one. There is no neutral option.",
            Style {
                color: MUTED,
                ..SMALL
            },
            w,
            "the recommendation",
        ));
        let mut choice_row = Row {
            height: 34.0,
            draws: Vec::new(),
            keep_with_next: true,
        };
        let n = edition.recommendations.len().max(1) as f32;
        let gap = 8.0;
        let bw = (w - gap * (n - 1.0)) / n;
        for (i, label) in edition.recommendations.iter().enumerate() {
            let x = i as f32 * (bw + gap);
            choice_row.draws.push(Draw::Rect {
                x,
                y: 6.0,
                w: bw,
                h: 24.0,
                fill: None,
                stroke: Some((RULE, 0.8)),
            });
            choice_row.draws.push(Draw::Rect {
                x: x + 8.0,
                y: 13.5,
                w: 9.0,
                h: 9.0,
                fill: None,
                stroke: Some((INK, 0.9)),
            });
            if let Some(value) = crate::results::Recommendation::ALL.get(i) {
                choice_row.draws.push(Draw::Field {
                    x: x + 8.0,
                    y: 13.5,
                    w: 9.0,
                    h: 9.0,
                    field: Field::Radio("recommendation".to_owned(), value.id().to_owned()),
                });
            }
            let text = printable(
                self.fonts,
                Face::Bold,
                &capitalise(label),
                "the recommendation",
                self.warnings,
            );
            choice_row.draws.push(Draw::Text {
                x: x + 24.0,
                y: 21.5,
                face: Face::Bold,
                size: 10.0,
                color: INK,
                text,
            });
        }
        rows.push(choice_row);
        rows.push(Row::space(8.0));
        rows.push(self.label("REASONS FOR THE RECOMMENDATION", MUTED));
        let lines = ruled_lines(
            self.density.reason_lines,
            w,
            self.density.note_line,
            Some("reasons".to_owned()),
        );
        rows.push(lines);
        let mut sign = Row {
            height: 46.0,
            draws: Vec::new(),
            keep_with_next: false,
        };
        let split = w * 0.62;
        sign.draws.push(Draw::Line {
            x1: 0.0,
            y1: 30.0,
            x2: split - 20.0,
            y2: 30.0,
            color: INK,
            width: 0.8,
        });
        sign.draws.push(Draw::Line {
            x1: split,
            y1: 30.0,
            x2: w,
            y2: 30.0,
            color: INK,
            width: 0.8,
        });
        sign.draws.push(Draw::Text {
            x: 0.0,
            y: 41.0,
            face: Face::Regular,
            size: 8.0,
            color: MUTED,
            text: "Interviewer signature".to_owned(),
        });
        sign.draws.push(Draw::Text {
            x: split,
            y: 41.0,
            face: Face::Regular,
            size: 8.0,
            color: MUTED,
            text: "Date".to_owned(),
        });
        rows.push(sign);
        rows
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Stacks rows onto pages, honouring keep-together blocks and keep-with-next rows.
struct Composer {
    page: Page,
    pages: Vec<Vec<Draw>>,
    y: f32,
}

impl Composer {
    fn new(page: Page) -> Composer {
        Composer {
            page,
            pages: vec![Vec::new()],
            y: page.top,
        }
    }

    fn remaining(&self) -> f32 {
        self.page.height - self.page.bottom - self.y
    }

    fn at_top(&self) -> bool {
        self.y <= self.page.top
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.page.top;
    }

    fn put(&mut self, mut row: Row) {
        row.shift(self.page.left, self.y);
        self.y += row.height;
        if let Some(page) = self.pages.last_mut() {
            page.extend(row.draws);
        }
    }

    /// Place a block: whole on this page, else whole on the next, else flowing row by row
    /// (groups joined by `keep_with_next` stay together), with `continued` atop each new page.
    fn place(&mut self, rows: Vec<Row>, keep: bool, continued: Option<Row>) {
        let total = total_height(&rows);
        // Trailing spacing may hang off the page bottom.
        let trailing = rows
            .last()
            .filter(|r| r.draws.is_empty())
            .map_or(0.0, |r| r.height);
        if keep && total - trailing <= self.remaining() {
            rows.into_iter().for_each(|r| self.put(r));
            return;
        }
        if keep && total - trailing <= self.page.content_height() {
            self.new_page();
            rows.into_iter().for_each(|r| self.put(r));
            return;
        }
        let mut i = 0;
        let mut started = false;
        while i < rows.len() {
            let mut j = i;
            while j + 1 < rows.len() && rows[j].keep_with_next {
                j += 1;
            }
            let group: f32 = rows[i..=j].iter().map(|r| r.height).sum();
            if group > self.remaining() && !self.at_top() {
                self.new_page();
                if started && let Some(c) = &continued {
                    self.put(c.clone());
                }
            }
            for row in &rows[i..=j] {
                if row.height > self.remaining() && !self.at_top() {
                    self.new_page();
                    if let Some(c) = &continued {
                        self.put(c.clone());
                    }
                }
                self.put(row.clone());
            }
            started = true;
            i = j + 1;
        }
    }

    fn finish(self) -> Vec<Vec<Draw>> {
        self.pages
    }
}

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

    use super::*;
    use crate::bank::Level;
    use crate::edition::{BankInfo, CardQuestion, TopicSummary};
    use crate::spec::{Layout, Seniority, default_rubric};

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
