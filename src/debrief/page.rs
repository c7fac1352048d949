//! The debrief page written straight into a string: the same bytes as
//! `templates/debrief.html.hbs` rendered with handlebars (a test compares the two on every
//! fixture), at a tenth of the cost. A run over 1,000 candidates spent more time building
//! handlebars' JSON view and walking it than on anything else; the comparison page, made
//! once per run, stays a template.
//!
//! Every value from a results file goes through [`esc`], the card page's escaping (the same
//! as handlebars'); only the style goes in raw. The layout of the output (indents, where lines
//! end) follows the template's, standalone block lines removed, as handlebars does.

use std::fmt::Write as _;

use super::chart::{COLORS, Chart, Shape, hex, num};
use super::html::{csp, legend_path, style, tone};
use super::model::{Debrief, show, who, words};
use crate::render::html::{capitalise, escape_into as esc};
use crate::render::markup::{self, Block, Span};
use crate::results::Recommendation;

/// Append a recommendation in its tone's colour.
fn recommendation(out: &mut String, r: Recommendation) {
    out.push_str("<span class=\"rec-");
    out.push_str(tone(r));
    out.push_str("\">");
    esc(out, &capitalise(words(r)));
    out.push_str("</span>");
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
        let rec = d.recommendation_of(i);
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
            Some(r) => recommendation(out, r),
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
            Some(r) => recommendation(out, r),
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
