//! The debrief of one candidate: its sections, top to bottom.

use super::*;

/// The debrief of one candidate as a PDF.
pub(crate) fn debrief(d: &Debrief, paper: Paper, warnings: &mut Vec<Warning>) -> Result<Vec<u8>> {
    let fonts = Fonts::get()?;
    let page = Page::new(paper);
    let mut doc = Doc::new(fonts, page, warnings);
    header(&mut doc, d);
    disagreements(&mut doc, d);
    panel(&mut doc, d);
    scores(&mut doc, d);
    recommendations(&mut doc, d);
    questions(&mut doc, d);
    notes(&mut doc, d);

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

/// The title, the facts of the edition and whether the panel is complete.
fn header(doc: &mut Doc, d: &Debrief) {
    let w = doc.width();
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
}

/// Disagreements first: topics and recommendations the panel is far apart on.
fn disagreements(doc: &mut Doc, d: &Debrief) {
    let w = doc.width();
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
}

/// The panel, with each interviewer's mark.
fn panel(doc: &mut Doc, d: &Debrief) {
    let w = doc.width();
    let name = |n: Option<&str>| capitalise(who(n));
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
        let rec = d.recommendation_of(i);
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
}

/// Scores per topic: the chart, then the same numbers as a table.
fn scores(doc: &mut Doc, d: &Debrief) {
    let w = doc.width();
    let name = |n: Option<&str>| capitalise(who(n));
    let bold = Style {
        face: Face::Bold,
        ..CELL
    };
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
    chart::chart(doc, d, w);
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
}

/// The recommendations, tallied, then each with its reasons.
fn recommendations(doc: &mut Doc, d: &Debrief) {
    let w = doc.width();
    let name = |n: Option<&str>| capitalise(who(n));
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
}

/// Every question, by topic.
fn questions(doc: &mut Doc, d: &Debrief) {
    let w = doc.width();
    let name = |n: Option<&str>| capitalise(who(n));
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
            rows.extend(prompt_rows(doc, &q.prompt, w));
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
}

/// The rest of each interviewer's free text.
fn notes(doc: &mut Doc, d: &Debrief) {
    let w = doc.width();
    let name = |n: Option<&str>| capitalise(who(n));
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
            part(doc, &mut rows, &format!("On {topic}"), text);
        }
        part(
            doc,
            &mut rows,
            "The candidate's questions",
            &nn.candidate_questions,
        );
        part(doc, &mut rows, "General notes", &nn.notes);
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
