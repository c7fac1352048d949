//! The debrief page written straight into a string: the same bytes as
//! `templates/debrief.html.hbs` rendered with handlebars (a test compares the two on every
//! fixture), at a tenth of the cost. A run over 1,000 candidates spent more time building
//! handlebars' JSON view and walking it than on anything else; the comparison page, made
//! once per run, stays a template.
//!
//! Every value from a results file goes through [`esc`], handlebars' HTML escaping; only the
//! style goes in raw. The layout of the output (indents, where lines end) follows the
//! template's, standalone block lines removed, as handlebars does.

use std::fmt::Write as _;

use super::chart::{COLORS, Chart, Shape, hex, num};
use super::html::{csp, legend_path, style, tone};
use super::model::{Debrief, show, who, words};
use crate::render::html::capitalise;
use crate::render::markup::{self, Block, Span};

/// Append `text` escaped as handlebars escapes it.
fn esc(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'&' => "&amp;",
            b'\'' => "&#x27;",
            b'`' => "&#x60;",
            b'=' => "&#x3D;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Append a name, isolated for direction: an Arabic or Hebrew name does not reorder the text
/// around it.
fn bdi(out: &mut String, text: &str) {
    out.push_str("<bdi>");
    esc(out, text);
    out.push_str("</bdi>");
}

/// Append a number (they need no escaping).
fn number(out: &mut String, n: impl std::fmt::Display) {
    let _ = write!(out, "{n}");
}

/// A name as the page shows it.
fn name(n: Option<&str>) -> String {
    capitalise(who(n))
}

/// The debrief as an HTML page.
pub(crate) fn debrief(d: &Debrief) -> Vec<u8> {
    let mut out = String::with_capacity(64 << 10);
    head(&mut out, d);
    flags(&mut out, d);
    panel(&mut out, d);
    topics(&mut out, d);
    recommendations(&mut out, d);
    questions(&mut out, d);
    notes(&mut out, d);
    out.push_str("</main>\n</body>\n</html>\n");
    out.into_bytes()
}

fn head(out: &mut String, d: &Debrief) {
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"",
    );
    esc(out, &csp());
    out.push_str(
        "\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"scorecard\">\n<title>",
    );
    let mut title = vec!["Debrief", d.role.as_str()];
    title.extend(d.candidate.as_deref());
    esc(out, &title.join(" · "));
    out.push_str("</title>\n<style>");
    out.push_str(style());
    out.push_str(
        "</style>\n</head>\n<body>\n<main>\n<header>\n  \
         <p class=\"eyebrow\">Interview debrief</p>\n  <h1>",
    );
    esc(out, &d.role);
    let candidate = d.candidate.as_deref().filter(|c| !c.is_empty());
    if let Some(c) = candidate {
        out.push_str(" · <bdi>");
        esc(out, c);
        out.push_str("</bdi>");
    }
    out.push_str("</h1>\n  <dl class=\"facts\">\n    <div><dt>Candidate</dt><dd>");
    match candidate {
        Some(c) => bdi(out, c),
        None => out.push_str("<span class=\"none\">not named</span>"),
    }
    out.push_str("</dd></div>\n    <div><dt>Date</dt><dd>");
    esc(out, &d.date);
    out.push_str("</dd></div>\n    <div><dt>Seniority</dt><dd>");
    esc(out, &d.seniority);
    out.push_str("</dd></div>\n    <div><dt>Edition</dt><dd><code>");
    esc(out, &d.fingerprint);
    out.push_str("</code> · ");
    esc(out, &d.bank.name);
    out.push(' ');
    esc(out, &d.bank.version);
    out.push_str("</dd></div>\n  </dl>\n  <p class=\"status");
    if !d.complete {
        out.push_str(" incomplete");
    }
    out.push_str("\" role=\"status\">");
    if d.complete {
        out.push_str("<strong>Complete:</strong> results from all ");
        number(out, d.panel.len());
        out.push_str(" of the panel.");
    } else {
        out.push_str("<strong>Incomplete:</strong> results from ");
        number(out, d.panel.iter().filter(|m| m.handed_in).count());
        out.push_str(" of ");
        number(out, d.panel.len());
        out.push_str("; not handed in: ");
        esc(out, &d.missing().join(", "));
        out.push('.');
    }
    out.push_str("</p>\n</header>\n\n");
}

fn flags(out: &mut String, d: &Debrief) {
    out.push_str(
        "<section aria-labelledby=\"flags-title\">\n  <h2 id=\"flags-title\">Disagreements</h2>\n",
    );
    if d.flags.is_empty() {
        out.push_str(
            "<p class=\"none\">None: no two interviewers are two or more rubric levels apart \
             on a topic, and the recommendations are all on one side.</p>",
        );
    } else {
        out.push_str("  <ul class=\"flags\">\n  ");
        for f in &d.flags {
            out.push_str("<li><span class=\"kind\">");
            let topic = f.topic.as_deref().is_some_and(|t| !t.is_empty());
            out.push_str(if topic { "Topic" } else { "Recommendation" });
            out.push_str(":</span> ");
            esc(out, &f.message);
            out.push_str("</li>\n");
        }
        out.push_str("  </ul>\n  ");
    }
    out.push_str("\n</section>\n\n");
}

fn panel(out: &mut String, d: &Debrief) {
    out.push_str(
        "<section aria-labelledby=\"panel-title\">\n  <h2 id=\"panel-title\">Panel</h2>\n  \
         <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"The panel\">\n  \
         <table>\n    <thead><tr><th scope=\"col\">Interviewer</th><th scope=\"col\">Mark</th>\
         <th scope=\"col\">Results</th><th scope=\"col\">Recommendation</th></tr></thead>\n    \
         <tbody>\n",
    );
    for (i, m) in d.panel.iter().enumerate() {
        let rec = d
            .recommendations
            .given
            .iter()
            .find(|g| g.member == i)
            .and_then(|g| g.recommendation);
        out.push_str("      <tr><th scope=\"row\">");
        bdi(out, &name(m.name.as_deref()));
        out.push_str(
            "</th><td><svg viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\" \
             focusable=\"false\"><path d=\"",
        );
        esc(out, &legend_path(i));
        out.push_str("\" fill=\"");
        esc(out, &hex(COLORS[i % COLORS.len()]));
        out.push_str("\" stroke=\"#1b1f24\" stroke-width=\"0.8\"/></svg> ");
        esc(out, Shape::of(i).name());
        out.push_str("</td><td>");
        if m.handed_in {
            esc(out, m.file.as_deref().unwrap_or(""));
        } else {
            out.push_str("<strong class=\"rec-no\">not handed in</strong>");
        }
        out.push_str("</td><td>");
        match rec {
            Some(r) => {
                out.push_str("<span class=\"rec-");
                out.push_str(tone(r));
                out.push_str("\">");
                esc(out, &capitalise(words(r)));
                out.push_str("</span>");
            }
            None => out.push_str("<span class=\"none\">–</span>"),
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("    </tbody>\n  </table>\n  </div>\n</section>\n\n");
}

fn topics(out: &mut String, d: &Debrief) {
    out.push_str(
        "<section aria-labelledby=\"topics-title\">\n  \
         <h2 id=\"topics-title\">Scores per topic</h2>\n  \
         <p class=\"small\">An interviewer's score on a topic is the mean of their scores on \
         that topic's questions; the panel average is the mean of those, over the interviewers \
         who scored it. Scores go from 1 (",
    );
    esc(out, d.rubric.first().map_or("", String::as_str));
    out.push_str(") to ");
    number(out, d.rubric.len());
    out.push_str(" (");
    esc(out, d.rubric.last().map_or("", String::as_str));
    out.push_str(").</p>\n  <figure>\n");
    chart(out, d);
    out.push_str(
        "    <figcaption>Each interviewer's mark has its own shape and colour (see the panel \
         above); the dashed line is the panel average. The table below holds the same \
         scores.</figcaption>\n  </figure>\n  \
         <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" \
         aria-label=\"Scores per topic (table)\">\n  <table>\n    \
         <caption class=\"small\">Scores per topic: score (questions scored of asked) and \
         answer points covered</caption>\n    <thead><tr><th scope=\"col\">Topic</th>",
    );
    for m in &d.panel {
        out.push_str("<th scope=\"col\">");
        bdi(out, &name(m.name.as_deref()));
        out.push_str("</th>");
    }
    out.push_str("<th scope=\"col\" class=\"num\">Panel average</th></tr></thead>\n    <tbody>\n");
    for t in &d.topics {
        out.push_str("      <tr");
        if t.disagreement {
            out.push_str(" class=\"disagree\"");
        }
        out.push_str("><th scope=\"row\">");
        esc(out, &t.topic);
        if t.disagreement {
            out.push_str(" <span class=\"rec-no\">(disagreement)</span>");
        }
        out.push_str("</th>");
        for i in 0..d.panel.len() {
            out.push_str("<td>");
            match t.scores.iter().find(|s| s.member == i) {
                Some(s) => {
                    esc(out, &s.score.map_or("–".to_owned(), show));
                    out.push_str(" <span class=\"small\">(");
                    number(out, s.scored);
                    out.push_str(" of ");
                    number(out, s.questions);
                    out.push_str(" q · ");
                    number(out, s.points_hit);
                    out.push('/');
                    number(out, s.points);
                    out.push_str(" points)</span>");
                }
                None => out.push_str("<span class=\"none\">–</span>"),
            }
            out.push_str("</td>");
        }
        out.push_str("<td class=\"num\">");
        esc(out, &t.average.map_or("–".to_owned(), show));
        out.push_str("</td></tr>\n");
    }
    out.push_str("    </tbody>\n  </table>\n  </div>\n</section>\n\n");
}

/// The chart as an inline SVG, one band per topic and one mark per interviewer.
fn chart(out: &mut String, d: &Debrief) {
    let chart = Chart::new(d, 640.0, 150.0);
    let (width, height) = (num(chart.width), num(chart.height));
    out.push_str("    <svg viewBox=\"0 0 ");
    let _ = write!(
        out,
        "{width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-labelledby=\"chart-title chart-desc\">\n      \
         <title id=\"chart-title\">Scores per topic, one mark per interviewer</title>\n      \
         <desc id=\"chart-desc\">"
    );
    esc(out, &chart_description(d));
    out.push_str("</desc>\n      ");
    let (top, bottom) = (num(chart.top - 2.0), num(chart.height - 4.0));
    for (x, n, label) in &chart.levels {
        let x = num(*x);
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"#dde2e8\" \
             stroke-width=\"1\"/><text x=\"{x}\" y=\"12\" font-size=\"10\" \
             text-anchor=\"middle\" fill=\"#4d5661\">{n}</text><text x=\"{x}\" y=\"23\" \
             font-size=\"8\" text-anchor=\"middle\" fill=\"#4d5661\">"
        );
        esc(out, label);
        out.push_str("</text>\n");
    }
    out.push_str("      ");
    for b in &chart.bands {
        let y = num(b.y);
        let _ = write!(
            out,
            "<line x1=\"0\" y1=\"{y}\" x2=\"{width}\" y2=\"{y}\" stroke=\"#b8bfc9\" \
             stroke-width=\"0.6\"/><text x=\"0\" y=\"{}\" font-size=\"10\" fill=\"#1b1f24\">",
            num(b.y + 14.0)
        );
        esc(out, &b.topic);
        out.push_str("</text>");
        if let Some((x, label)) = &b.average {
            let _ = write!(
                out,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#1b1f24\" \
                 stroke-width=\"1.4\" stroke-dasharray=\"3 2\"><title>",
                num(b.y + 2.0),
                num(b.y + b.height - 2.0),
                x = num(*x),
            );
            esc(out, label);
            out.push_str("</title></line>");
        }
        out.push_str("\n      ");
        for m in &b.marks {
            out.push_str("<path d=\"");
            esc(out, &chart.svg_path(m));
            out.push_str("\" fill=\"");
            esc(out, &hex(m.color));
            out.push_str("\" stroke=\"#1b1f24\" stroke-width=\"0.8\"><title>");
            esc(out, &m.label);
            out.push_str("</title></path>");
        }
        out.push('\n');
    }
    out.push_str("    </svg>\n");
}

/// The chart in words, for a screen reader: each topic with each interviewer's score.
pub(crate) fn chart_description(d: &Debrief) -> String {
    let topics: Vec<String> = d
        .topics
        .iter()
        .map(|t| {
            let scores: Vec<String> = t
                .scores
                .iter()
                .map(|s| {
                    format!(
                        "{} {}",
                        who(s.interviewer.as_deref()),
                        s.score.map_or("not scored".to_owned(), show)
                    )
                })
                .collect();
            format!("{}: {}", t.topic, scores.join(", "))
        })
        .collect();
    topics.join("; ")
}

fn recommendations(out: &mut String, d: &Debrief) {
    out.push_str(
        "<section aria-labelledby=\"recs-title\">\n  <h2 id=\"recs-title\">Recommendations</h2>\n  \
         <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" \
         aria-label=\"Recommendations tallied\">\n  <table>\n    <thead><tr>",
    );
    let tally = &d.recommendations.tally;
    for t in tally {
        out.push_str("<th scope=\"col\" class=\"num\">");
        esc(out, &capitalise(words(t.recommendation)));
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n    <tbody><tr>");
    for t in tally {
        out.push_str("<td class=\"num\">");
        number(out, t.count);
        out.push_str("</td>");
    }
    out.push_str("</tr></tbody>\n  </table>\n  </div>\n");
    for g in &d.recommendations.given {
        out.push_str("  <h3>");
        bdi(out, &name(g.interviewer.as_deref()));
        out.push_str(": ");
        match g.recommendation {
            Some(r) => {
                out.push_str("<span class=\"rec-");
                out.push_str(tone(r));
                out.push_str("\">");
                esc(out, &capitalise(words(r)));
                out.push_str("</span>");
            }
            None => out.push_str("<span class=\"none\">no recommendation</span>"),
        }
        out.push_str("</h3>\n  ");
        if g.reasons.is_empty() {
            out.push_str("<p class=\"none\">No reasons given.</p>");
        } else {
            out.push_str("<p class=\"free\" dir=\"auto\">");
            esc(out, &g.reasons);
            out.push_str("</p>");
        }
        out.push('\n');
    }
    out.push_str("</section>\n\n");
}

/// Inline text: code spans in `<code>`, the rest as text.
fn spans(out: &mut String, spans: &[Span]) {
    for s in spans {
        if s.code {
            out.push_str("<code>");
            esc(out, &s.text);
            out.push_str("</code>");
        } else {
            esc(out, &s.text);
        }
    }
}

fn questions(out: &mut String, d: &Debrief) {
    out.push_str(
        "<section aria-labelledby=\"questions-title\">\n  \
         <h2 id=\"questions-title\">Questions</h2>\n",
    );
    for t in &d.topics {
        out.push_str("  <h3>");
        esc(out, &t.topic);
        out.push_str("</h3>\n");
        for q in d.questions.iter().filter(|q| q.topic == t.topic) {
            out.push_str("  <article class=\"question\">\n    <h4 class=\"meta\">");
            bdi(out, &name(q.interviewer.as_deref()));
            out.push_str(" · ");
            esc(out, q.level.name());
            out.push_str(" · <code>");
            esc(out, &q.id);
            out.push_str("</code> · ");
            match q.score.filter(|&s| s != 0) {
                Some(score) => {
                    out.push_str("score ");
                    number(out, score);
                    if let Some(label) = q.score_label.as_deref().filter(|l| !l.is_empty()) {
                        out.push_str(" (");
                        esc(out, label);
                        out.push(')');
                    }
                }
                None => out.push_str("not scored"),
            }
            out.push_str(" · ");
            number(out, q.points_hit);
            out.push_str(" of ");
            number(out, q.points.len());
            out.push_str(" points</h4>\n    ");
            for block in markup::blocks(&q.prompt) {
                match block {
                    Block::Code { text } => {
                        out.push_str("<pre><code>");
                        esc(out, &text);
                        out.push_str("</code></pre>");
                    }
                    Block::Para { spans: para } => {
                        out.push_str("<p dir=\"auto\">");
                        spans(out, &para);
                        out.push_str("</p>");
                    }
                }
                out.push('\n');
            }
            out.push_str("    <ul class=\"points\">");
            for (text, &hit) in q.expected.iter().zip(&q.points) {
                out.push_str(if hit {
                    "<li class=\"hit\"><span class=\"visually-hidden\">covered: </span>"
                } else {
                    "<li><span class=\"visually-hidden\">not covered: </span>"
                });
                spans(out, &markup::spans(text));
                out.push_str("</li>");
            }
            out.push_str("</ul>\n    ");
            if !q.notes.is_empty() {
                out.push_str("<p class=\"label\">Notes</p><p class=\"free\" dir=\"auto\">");
                esc(out, &q.notes);
                out.push_str("</p>");
            }
            out.push_str("\n  </article>\n");
        }
    }
    out.push_str("</section>\n\n");
}

fn notes(out: &mut String, d: &Debrief) {
    out.push_str(
        "<section aria-labelledby=\"notes-title\">\n  \
         <h2 id=\"notes-title\">Interviewers' notes</h2>\n",
    );
    for n in &d.notes {
        out.push_str("  <h3>");
        bdi(out, &name(n.interviewer.as_deref()));
        out.push_str("</h3>\n  ");
        let mut any = false;
        for (topic, text) in n.topic_comments.iter().filter(|(_, t)| !t.is_empty()) {
            any = true;
            out.push_str("<p class=\"label\">On ");
            esc(out, topic);
            out.push_str("</p><p class=\"free\" dir=\"auto\">");
            esc(out, text);
            out.push_str("</p>");
        }
        out.push_str("\n  ");
        for (label, text) in [
            ("The candidate's questions", &n.candidate_questions),
            ("General notes", &n.notes),
        ] {
            if !text.is_empty() {
                any = true;
                out.push_str("<p class=\"label\">");
                out.push_str(label);
                out.push_str("</p><p class=\"free\" dir=\"auto\">");
                esc(out, text);
                out.push_str("</p>");
            }
            out.push_str("\n  ");
        }
        if !any {
            out.push_str("<p class=\"none\">No further notes.</p>");
        }
        out.push('\n');
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use handlebars::Handlebars;
    use serde_json::{Value, json};

    use super::super::chart::{Chart, Shape, hex, num};
    use super::super::html::{csp, legend_path, style, tone};
    use super::super::model::{Debrief, show, who, words};
    use crate::render::html::{blocks_value as blocks, capitalise};
    use crate::render::markup;
    use crate::results::Results;

    /// The page as handlebars renders the template: the reference.
    fn from_template(d: &Debrief) -> String {
        let mut h = Handlebars::new();
        h.set_strict_mode(true);
        h.register_escape_fn(handlebars::html_escape);
        h.register_template_string("debrief", include_str!("../../templates/debrief.html.hbs"))
            .expect("the template compiles");
        h.render("debrief", &view(d)).expect("the template renders")
    }

    /// The chart as the template draws it.
    fn chart_view(d: &Debrief) -> Value {
        let chart = Chart::new(d, 640.0, 150.0);
        let levels: Vec<Value> = chart
            .levels
            .iter()
            .map(|(x, n, label)| json!({"x": num(*x), "n": n, "label": label}))
            .collect();
        let bands: Vec<Value> = chart
            .bands
            .iter()
            .map(|b| {
                json!({
                    "topic": b.topic,
                    "y": num(b.y),
                    "text_y": num(b.y + 14.0),
                    "average": b.average.as_ref().map(|(x, label)| json!({
                        "x": num(*x), "y1": num(b.y + 2.0), "y2": num(b.y + b.height - 2.0), "label": label,
                    })),
                    "marks": b.marks.iter().map(|m| json!({
                        "path": chart.svg_path(m),
                        "color": hex(m.color),
                        "label": m.label,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "width": num(chart.width),
            "height": num(chart.height),
            "top": num(chart.top - 2.0),
            "bottom": num(chart.height - 4.0),
            "levels": levels,
            "bands": bands,
            "desc": super::chart_description(d),
        })
    }

    /// What the debrief template sees: the reference [`super::page`] is tested against.
    pub fn view(d: &Debrief) -> Value {
        let name = |n: Option<&str>| capitalise(who(n));
        let members: Vec<Value> = d
            .panel
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let rec = d
                    .recommendations
                    .given
                    .iter()
                    .find(|g| g.member == i)
                    .and_then(|g| g.recommendation);
                json!({
                    "name": name(m.name.as_deref()),
                    "handed_in": m.handed_in,
                    "file": m.file,
                    "shape": Shape::of(i).name(),
                    "path": legend_path(i),
                    "color": hex(super::super::chart::COLORS[i % super::super::chart::COLORS.len()]),
                    "recommendation": rec.map(|r| capitalise(words(r))),
                    "tone": rec.map(tone),
                })
            })
            .collect();
        let topic_rows: Vec<Value> = d
            .topics
            .iter()
            .map(|t| {
                let cells: Vec<Value> = (0..d.panel.len())
                    .map(|i| match t.scores.iter().find(|s| s.member == i) {
                        Some(s) => json!({
                            "asked": true,
                            "score": s.score.map_or("–".to_owned(), show),
                            "scored": s.scored,
                            "questions": s.questions,
                            "points_hit": s.points_hit,
                            "points": s.points,
                        }),
                        None => json!({"asked": false}),
                    })
                    .collect();
                json!({
                    "topic": t.topic,
                    "disagreement": t.disagreement,
                    "cells": cells,
                    "average": t.average.map_or("–".to_owned(), show),
                })
            })
            .collect();
        let tally: Vec<Value> = d
            .recommendations
            .tally
            .iter()
            .map(|t| json!({"label": capitalise(words(t.recommendation)), "count": t.count}))
            .collect();
        let given: Vec<Value> = d
            .recommendations
            .given
            .iter()
            .map(|g| {
                json!({
                    "name": name(g.interviewer.as_deref()),
                    "recommendation": g.recommendation.map(|r| capitalise(words(r))),
                    "tone": g.recommendation.map(tone),
                    "reasons": g.reasons,
                })
            })
            .collect();
        let mut question_topics: Vec<Value> = Vec::new();
        for t in &d.topics {
            let questions: Vec<Value> = d
                .questions
                .iter()
                .filter(|q| q.topic == t.topic)
                .map(|q| {
                    json!({
                        "name": name(q.interviewer.as_deref()),
                        "level": q.level.name(),
                        "id": q.id,
                        "score": q.score,
                        "score_label": q.score_label,
                        "points_hit": q.points_hit,
                        "points_total": q.points.len(),
                        "prompt": blocks(&q.prompt),
                        "points": q.expected.iter().zip(&q.points).map(|(text, hit)| json!({
                            "hit": hit, "spans": markup::spans(text),
                        })).collect::<Vec<_>>(),
                        "notes": q.notes,
                    })
                })
                .collect();
            question_topics.push(json!({"topic": t.topic, "questions": questions}));
        }
        let notes: Vec<Value> = d
            .notes
            .iter()
            .map(|n| {
                let comments: Vec<Value> = n
                    .topic_comments
                    .iter()
                    .filter(|(_, text)| !text.is_empty())
                    .map(|(topic, text)| json!({"topic": topic, "text": text}))
                    .collect();
                json!({
                    "name": name(n.interviewer.as_deref()),
                    "any": !comments.is_empty() || !n.candidate_questions.is_empty() || !n.notes.is_empty(),
                    "comments": comments,
                    "candidate_questions": n.candidate_questions,
                    "notes": n.notes,
                })
            })
            .collect();
        let mut title = vec!["Debrief", d.role.as_str()];
        title.extend(d.candidate.as_deref());
        json!({
            "title": title.join(" · "),
            // Only what the page shows of the debrief itself: copying all of it into the view
            // (every prompt and note a second time) was a third of the page's time.
            "d": {
                "role": d.role, "candidate": d.candidate, "date": d.date, "seniority": d.seniority,
                "fingerprint": d.fingerprint, "bank": d.bank, "complete": d.complete, "flags": d.flags,
            },
            "panel_size": d.panel.len(),
            "handed_in": d.panel.iter().filter(|m| m.handed_in).count(),
            "missing": d.missing().join(", "),
            "members": members,
            "chart": chart_view(d),
            "topic_rows": topic_rows,
            "tally": tally,
            "given": given,
            "question_topics": question_topics,
            "notes": notes,
            "levels": d.rubric.len(),
            "low_label": d.rubric.first(),
            "high_label": d.rubric.last(),
            "style": style(),
            "csp": csp(),
        })
    }

    /// One interviewer's results: `hostile` fills every free text with markup and quotes.
    fn results(
        who: Option<&str>,
        candidate: Option<&str>,
        scores: &[Option<u32>],
        rec: Option<&str>,
        hostile: bool,
    ) -> Results {
        let text = |s: &str| {
            if hostile {
                format!("{s} <b>&amp;</b> \"q\" 'a' `x` a=b\n  second line")
            } else {
                String::new()
            }
        };
        let topics = ["design", "python <&>", "testing"];
        let questions: Vec<Value> = scores
            .iter()
            .enumerate()
            .map(|(i, s)| {
                json!({"id": format!("q{i}"), "topic": topics[i % 3], "level": "advanced",
                    "prompt": "Explain `x = 1` and <this>.\n\n```\nprint(\"<&>\")\n```\nThen more.",
                    "expected": ["a `code` point", "plain <point> & more", "third"],
                    "points": [i % 2 == 0, true, false], "score": s, "notes": text("note")})
            })
            .collect();
        serde_json::from_value(json!({
            "format": "scorecard-results/1", "fingerprint": "abcd-ef01",
            "bank": {"name": "b<&>", "version": "1\"2"}, "role": "Role <script>", "seniority": "senior",
            "candidate": candidate, "date": "2026-11-24", "interviewer": who,
            "panel": ["Ann <A>", "Bob", "Cy"], "rubric": ["Poor", "Meh", "Good", "Great <4>"],
            "questions": questions, "recommendation": rec,
            "topic_comments": {"design": text("comment"), "testing": ""},
            "reasons": text("reasons"), "candidate_questions": text("asked"), "notes": text("general"),
        }))
        .expect("valid results")
    }

    #[test]
    fn the_page_is_byte_for_byte_the_template() {
        let panels: Vec<Vec<Results>> = vec![
            // Complete, split recommendations, disagreements, hostile text everywhere.
            vec![
                results(
                    Some("Ann <A>"),
                    Some("Zoë \"Z\" <z>"),
                    &[Some(1), Some(4), None, Some(2)],
                    Some("strong-no"),
                    true,
                ),
                results(
                    Some("Bob"),
                    Some("Zoë \"Z\" <z>"),
                    &[Some(4), Some(1), Some(3)],
                    Some("yes"),
                    true,
                ),
                results(
                    Some("Cy"),
                    Some("Zoë \"Z\" <z>"),
                    &[Some(3), Some(3), Some(3)],
                    Some("strong-yes"),
                    false,
                ),
            ],
            // Incomplete, unnamed candidate, no recommendation, no notes, no flags.
            vec![results(Some("Bob"), None, &[Some(2), Some(2)], None, false)],
            vec![
                results(Some("Ann <A>"), Some(""), &[None, None, None], None, false),
                results(Some("Cy"), Some(""), &[Some(2)], Some("no"), true),
            ],
            // No interviewer named.
            vec![results(
                None,
                Some("Ada"),
                &[Some(3), Some(4), Some(1), None, Some(2), Some(3)],
                Some("yes"),
                true,
            )],
        ];
        for panel in &panels {
            let handed: Vec<(&str, &Results)> = panel.iter().map(|r| ("f <1>.json", r)).collect();
            let d = Debrief::new(&handed);
            let page = String::from_utf8(super::debrief(&d)).expect("UTF-8");
            let reference = from_template(&d);
            if page != reference {
                let at = page
                    .bytes()
                    .zip(reference.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                let from = at.saturating_sub(200);
                panic!(
                    "the page differs from the template at byte {at}:\n--- page\n{}\n--- template\n{}",
                    &page[from..(at + 200).min(page.len())],
                    &reference[from..(at + 200).min(reference.len())]
                );
            }
        }
    }
}
