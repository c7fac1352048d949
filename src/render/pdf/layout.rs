//! Page-independent layout: line wrapping measured with the fonts' glyph widths, and rows
//! of drawing commands that the page composer stacks onto pages.

pub(super) use super::fonts::{Face, Fonts, Styled};
use crate::render::Warning;
use crate::render::markup::Span;

/// The start of the warning for a character no font has (`PdfRenderer` makes it an error
/// when asked to be strict).
pub(super) const NO_GLYPH: &str = "no font has a glyph for";

/// Replace characters no font can show (the face's nor a fallback's) with U+FFFD, reporting
/// each once by name and code point, with the fonts looked in.
pub(super) fn printable(
    fonts: &Fonts,
    face: Face,
    text: &str,
    context: &str,
    warnings: &mut Vec<Warning>,
) -> String {
    let font = fonts.face(face);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c == '\t' { ' ' } else { c };
        if font.has(c) {
            out.push(c);
        } else {
            let warning = Warning(format!(
                "{NO_GLYPH} {} (U+{:04X}) in {context}; it prints as \u{FFFD} (fonts tried: {})",
                describe(c),
                c as u32,
                fonts.tried(face)
            ));
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
            out.push('\u{FFFD}');
        }
    }
    out
}

fn describe(c: char) -> String {
    if c.is_control() {
        "a control character".to_owned()
    } else {
        format!("'{c}'")
    }
}

/// An RGB colour, 0–1 per channel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rgb(pub f32, pub f32, pub f32);

pub(super) const INK: Rgb = Rgb(0.106, 0.122, 0.141);
pub(super) const MUTED: Rgb = Rgb(0.30, 0.34, 0.38);
pub(super) const ACCENT: Rgb = Rgb(0.122, 0.306, 0.475);
pub(super) const RULE: Rgb = Rgb(0.72, 0.75, 0.79);
pub(super) const SOFT: Rgb = Rgb(0.937, 0.953, 0.969);
pub(super) const FLAG: Rgb = Rgb(0.54, 0.11, 0.11);

/// One drawing command, with `y` measured down from the top of its row.
#[derive(Debug, Clone)]
pub(super) enum Draw {
    /// Text with its baseline at `y`.
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        color: Rgb,
        text: String,
    },
    /// A rectangle whose top-left corner is at (`x`, `y`).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    /// A straight line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Rgb,
        width: f32,
    },
    /// Where a form field goes: exactly over a box or ruled lines drawn for it. Nothing is
    /// drawn on the page for it; the PDF writer turns it into a widget.
    Field {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        field: Field,
    },
}

/// A form field of the card, by its full name (`q3.point.2`, `q3.score`, `notes` ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Field {
    /// A checkbox.
    Check(String),
    /// One box of a radio group: the group's name and this box's value.
    Radio(String, String),
    /// A multi-line text field.
    Text(String),
}

impl Draw {
    /// The text of a text command (used by the layout tests).
    #[cfg(test)]
    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Draw::Text { text, .. } => Some(text),
            _ => None,
        }
    }

    fn shift(&mut self, dx: f32, dy: f32) {
        match self {
            Draw::Text { x, y, .. } | Draw::Rect { x, y, .. } | Draw::Field { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Draw::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
    }
}

/// A horizontal strip of the page: the composer never splits a row, and keeps a row marked
/// `keep_with_next` on the same page as the row after it.
#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    pub height: f32,
    pub draws: Vec<Draw>,
    pub keep_with_next: bool,
}

impl Row {
    pub(super) fn space(height: f32) -> Row {
        Row {
            height,
            draws: Vec::new(),
            keep_with_next: false,
        }
    }

    /// Move everything in the row right by `dx` and down by `dy`.
    pub(super) fn shift(&mut self, dx: f32, dy: f32) {
        for d in &mut self.draws {
            d.shift(dx, dy);
        }
    }
}

/// A run of text in one face, placed on a line.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    face: Face,
    /// Whether a space precedes this piece on the line (it then joins the run before it when
    /// that run has the same face).
    space_before: bool,
    /// Whether it continues the run before it directly, with no space (the rest of a word
    /// after a break opportunity the line did not take, such as after a hyphen).
    joined: bool,
}

/// What lies between two break opportunities: one or more runs (a word may change face,
/// as in "(`x`)"), and whether a space follows it.
#[derive(Debug)]
struct Segment {
    runs: Vec<(Face, String)>,
    space_after: bool,
}

/// The text of `spans` cut at the line-break opportunities of the Unicode line-breaking
/// algorithm (UAX #14): no line starts with a closing bracket or punctuation, a word is
/// never cut where a face changes, and code is cut only at spaces. Spaces and newlines collapse to single spaces, as they do
/// when the text is read as a paragraph.
fn segments(spans: &[(Face, String)]) -> Vec<Segment> {
    let mut text = String::new();
    // Where each face starts in `text`.
    let mut faces: Vec<(usize, Face)> = Vec::new();
    for (face, span) in spans {
        faces.push((text.len(), *face));
        for c in span.chars() {
            if c == ' ' || c == '\n' {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
            } else {
                text.push(c);
            }
        }
    }
    let face_at = |i: usize| {
        let k = faces.partition_point(|(start, _)| *start <= i);
        faces[k.saturating_sub(1)].1
    };
    let mut out = Vec::new();
    let mut from = 0;
    for (to, _) in unicode_linebreak::linebreaks(&text) {
        // Inside code, only at spaces: `--branch` or `utf-8-sig` cut at a hyphen would read
        // as something else.
        let before = text[..to].chars().next_back();
        if to < text.len()
            && before.is_some_and(|c| c != ' ')
            && face_at(to) == Face::Mono
            && face_at(to - before.map_or(1, char::len_utf8)) == Face::Mono
        {
            continue;
        }
        let piece = &text[from..to];
        let body = piece.trim_end_matches(' ');
        let mut runs: Vec<(Face, String)> = Vec::new();
        for (i, c) in body.char_indices() {
            let face = face_at(from + i);
            match runs.last_mut() {
                Some((f, run)) if *f == face => run.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        if !runs.is_empty() {
            out.push(Segment {
                runs,
                space_after: body.len() < piece.len(),
            });
        } else if let Some(last) = out.last_mut() {
            last.space_after = true;
        }
        from = to;
    }
    out
}

/// Text style of a paragraph.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub face: Face,
    pub size: f32,
    pub leading: f32,
    pub color: Rgb,
}

/// Wrap spans into lines of at most `width` points and return one row per line, breaking
/// only where the Unicode line-breaking rules allow. Code spans use the monospace face at a
/// slightly smaller size. Words longer than a line are broken by characters.
pub(super) fn wrap_spans(
    fonts: &Fonts,
    spans: &[Span],
    style: Style,
    width: f32,
    context: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<Row> {
    let mono_size = style.size * 0.92;
    let size_of = |face: Face| {
        if face == Face::Mono {
            mono_size
        } else {
            style.size
        }
    };
    let texts: Vec<(Face, String)> = spans
        .iter()
        .map(|span| {
            let face = if span.code { Face::Mono } else { style.face };
            (face, printable(fonts, face, &span.text, context, warnings))
        })
        .collect();
    let run_width = |face: Face, text: &str| fonts.face(face).width(text, size_of(face));
    let mut lines: Vec<Vec<(f32, Piece)>> = Vec::new();
    let mut line: Vec<(f32, Piece)> = Vec::new();
    let mut x = 0.0f32;
    let mut space_before = false;
    for segment in segments(&texts) {
        let first_face = segment.runs[0].0;
        // The gap is a space of the word's own face: that is what it becomes when words of
        // one face are joined into a single run below.
        let space = if space_before && x > 0.0 {
            run_width(first_face, " ")
        } else {
            0.0
        };
        let w: f32 = segment.runs.iter().map(|(f, t)| run_width(*f, t)).sum();
        let fits_here = x + space + w <= width;
        if fits_here || w <= width {
            let mut at = if fits_here {
                x + space
            } else {
                lines.push(std::mem::take(&mut line));
                0.0
            };
            for (i, (face, text)) in segment.runs.into_iter().enumerate() {
                let run_w = run_width(face, &text);
                line.push((
                    at,
                    Piece {
                        text,
                        face,
                        space_before: i == 0 && space_before,
                        joined: i == 0 && !space_before,
                    },
                ));
                at += run_w;
            }
            x = at;
            space_before = segment.space_after;
            continue;
        }
        // A word wider than the line: break it by characters. Its pieces start runs of their
        // own.
        let mut start = if x > 0.0 { x + space } else { 0.0 };
        for (face, text) in segment.runs {
            let mut chunk = String::new();
            let mut chunk_w = 0.0;
            for c in text.chars() {
                let cw = run_width(face, c.encode_utf8(&mut [0; 4]));
                if start + chunk_w + cw > width && !(chunk.is_empty() && start == 0.0) {
                    if !chunk.is_empty() {
                        line.push((start, Piece::alone(std::mem::take(&mut chunk), face)));
                    }
                    lines.push(std::mem::take(&mut line));
                    start = 0.0;
                    chunk_w = 0.0;
                }
                chunk.push(c);
                chunk_w += cw;
            }
            if !chunk.is_empty() {
                line.push((start, Piece::alone(chunk, face)));
            }
            start += chunk_w;
        }
        x = start;
        space_before = segment.space_after;
    }
    lines.push(line);
    let ascent = fonts.face(style.face).ascent() * style.size / 1000.0;
    let baseline = (style.leading - style.size) / 2.0 + ascent;
    line_rows(lines, style, baseline, size_of)
}

/// A row per wrapped line (the empty ones left out).
fn line_rows(
    lines: Vec<Vec<(f32, Piece)>>,
    style: Style,
    baseline: f32,
    size_of: impl Fn(Face) -> f32,
) -> Vec<Row> {
    lines
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(|line| {
            // Words of one face separated by a single space become one run: the space's
            // advance is exactly the gap measured above, and one run per phrase keeps the
            // PDF small and its extracted text readable.
            let mut draws: Vec<Draw> = Vec::new();
            for (at, p) in line {
                if (p.space_before || p.joined)
                    && let Some(Draw::Text { face, text, .. }) = draws.last_mut()
                    && *face == p.face
                {
                    if p.space_before {
                        text.push(' ');
                    }
                    text.push_str(&p.text);
                    continue;
                }
                draws.push(Draw::Text {
                    x: at,
                    y: baseline,
                    face: p.face,
                    size: size_of(p.face),
                    color: style.color,
                    text: p.text,
                });
            }
            Row {
                height: style.leading,
                draws,
                keep_with_next: false,
            }
        })
        .collect()
}

impl Piece {
    /// A piece of a word broken by characters: never joined to the run before it.
    fn alone(text: String, face: Face) -> Piece {
        Piece {
            text,
            face,
            space_before: false,
            joined: false,
        }
    }
}

/// Wrap plain text (no markup) in one style.
pub(super) fn wrap_text(
    fonts: &Fonts,
    text: &str,
    style: Style,
    width: f32,
    context: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<Row> {
    wrap_spans(
        fonts,
        &[Span {
            text: text.to_owned(),
            code: false,
        }],
        style,
        width,
        context,
        warnings,
    )
}

/// Lay code out line by line in the monospace face; long lines wrap by characters with a
/// hanging indent, so nothing runs past the margin.
pub(super) fn code_rows(
    fonts: &Fonts,
    code: &str,
    size: f32,
    leading: f32,
    width: f32,
    context: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<Row> {
    let font = fonts.face(Face::Mono);
    let char_w = font.width("M", size).max(0.1);
    let per_line = ((width / char_w).floor() as usize).max(8);
    let ascent = font.ascent() * size / 1000.0;
    let baseline = (leading - size) / 2.0 + ascent;
    let mut rows = Vec::new();
    for line in code.split('\n') {
        let line = printable(
            fonts,
            Face::Mono,
            &line.replace('\t', "    "),
            context,
            warnings,
        );
        let chars: Vec<char> = line.chars().collect();
        // Characters from other fonts (Chinese, say) are wider than the face's cells.
        let monospaced = super::shape::is_simple(fonts.bundled(Face::Mono), &line);
        let mut first = true;
        let mut rest: &[char] = &chars;
        loop {
            let indent = if first { 0 } else { 2 };
            let take = if monospaced {
                rest.len().min(per_line - indent)
            } else {
                let room = width - indent as f32 * char_w;
                let mut used = 0.0;
                let fitting = rest
                    .iter()
                    .take_while(|c| {
                        used += font.width(c.encode_utf8(&mut [0; 4]), size);
                        used <= room
                    })
                    .count();
                fitting.max(1)
            };
            let text: String = rest[..take].iter().collect();
            let x = indent as f32 * char_w;
            let draws = if text.is_empty() {
                Vec::new()
            } else {
                vec![Draw::Text {
                    x,
                    y: baseline,
                    face: Face::Mono,
                    size,
                    color: INK,
                    text,
                }]
            };
            rows.push(Row {
                height: leading,
                draws,
                keep_with_next: false,
            });
            rest = &rest[take..];
            first = false;
            if rest.is_empty() {
                break;
            }
        }
    }
    rows
}

/// Stack rows into one row (for things that must never split, such as a rubric).
pub(super) fn merge(rows: Vec<Row>) -> Row {
    let mut out = Row::default();
    for mut row in rows {
        row.shift(0.0, out.height);
        out.height += row.height;
        out.draws.extend(row.draws);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> Style {
        Style {
            face: Face::Regular,
            size: 10.0,
            leading: 14.0,
            color: INK,
        }
    }

    fn right_edge(row: &Row, fonts: &Fonts) -> f32 {
        row.draws
            .iter()
            .map(|d| match d {
                Draw::Text {
                    x,
                    face,
                    size,
                    text,
                    ..
                } => x + fonts.face(*face).width(text, *size),
                _ => 0.0,
            })
            .fold(0.0, f32::max)
    }

    #[test]
    fn wrapping_keeps_every_line_inside_the_width() {
        let fonts = Fonts::get().expect("fonts load");
        let mut warnings = Vec::new();
        let text = "Explain how `functools.lru_cache` keys its entries and what goes wrong with unhashable arguments; Supercalifragilisticexpialidociouslylongidentifier_without_any_breaks_at_all_anywhere";
        let rows = wrap_spans(
            fonts,
            &crate::render::markup::spans(text),
            style(),
            120.0,
            "test",
            &mut warnings,
        );
        assert!(rows.len() > 4);
        for row in &rows {
            assert!(right_edge(row, fonts) <= 120.01, "row too wide: {row:?}");
        }
        let joined: String = rows
            .iter()
            .flat_map(|r| r.draws.iter())
            .filter_map(Draw::text)
            .collect();
        assert_eq!(joined.replace(' ', ""), text.replace([' ', '`'], ""));
        assert!(warnings.is_empty());
    }

    #[test]
    fn no_line_starts_with_closing_punctuation_at_any_width() {
        let fonts = Fonts::get().expect("fonts load");
        let mut warnings = Vec::new();
        let text = "Call `asyncio.run(main(), debug=True)`), then (`/`) and `x`; say why: `a`, `b`! \
                    (see `--benchmark-compare-fail=mean:10%`) — half-written output.";
        let spans = crate::render::markup::spans(text);
        // From the width of the longest word on (narrower lines must cut a word somewhere).
        let longest = fonts
            .face(Face::Mono)
            .width("--benchmark-compare-fail=mean:10%", 9.2)
            + fonts.face(Face::Regular).width("()", 10.0);
        let mut widths = 0;
        for width in (longest.ceil() as usize..500).step_by(3) {
            let rows = wrap_spans(fonts, &spans, style(), width as f32, "t", &mut warnings);
            for row in rows.iter().skip(1) {
                let first = row.draws.iter().find_map(Draw::text).unwrap_or("");
                assert!(
                    !first.starts_with([')', ']', '}', ',', '.', ';', ':', '!', '?']),
                    "a line starts with {first:?} at width {width}"
                );
            }
            // Code is cut only at spaces.
            let texts: Vec<&str> = rows
                .iter()
                .flat_map(|r| &r.draws)
                .filter_map(Draw::text)
                .collect();
            assert!(
                texts
                    .iter()
                    .any(|t| t.contains("--benchmark-compare-fail=mean:10%")),
                "code cut at width {width}: {texts:?}"
            );
            widths += 1;
        }
        assert!(widths > 50, "{widths} widths tried");
    }

    #[test]
    fn missing_glyphs_are_reported_not_dropped() {
        let fonts = Fonts::get().expect("fonts load");
        let mut warnings = Vec::new();
        // U+0378 is unassigned: no font of any machine has it.
        let out = printable(
            fonts,
            Face::Regular,
            "Zoë \u{378} Дмитрий Ωμέγα",
            "a name",
            &mut warnings,
        );
        assert_eq!(out, "Zoë \u{FFFD} Дмитрий Ωμέγα");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].0.contains("U+0378"), "{warnings:?}");
        assert!(warnings[0].0.contains("DejaVu Sans"), "{warnings:?}");
    }
}
