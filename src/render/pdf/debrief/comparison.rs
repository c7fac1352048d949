//! The comparison of the candidates of one edition, on landscape pages.

use super::*;

/// The comparison of the candidates of one edition, on landscape pages.
pub(crate) fn comparison(
    c: &Comparison,
    paper: Paper,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<u8>> {
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
    heading(&mut doc, c);
    table(&mut doc, c);
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

/// The title and what the table shows.
fn heading(doc: &mut Doc, c: &Comparison) {
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
}

/// A row per candidate: the panel's average per topic and overall, the recommendations, how
/// many results were handed in and the disagreements; the header again on each page.
fn table(doc: &mut Doc, c: &Comparison) {
    let w = doc.width();
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
}
