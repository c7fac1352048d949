//! The debrief and the comparison as self-contained HTML pages, rendered with handlebars from
//! `templates/debrief.html.hbs` and `templates/comparison.html.hbs` (compiled in). Every value
//! from a results file goes through handlebars' escaping; only the style goes in raw, and the
//! Content-Security-Policy allows exactly that style by its hash and nothing else (the pages
//! have no script).

use std::sync::OnceLock;

use base64::Engine as _;
use handlebars::Handlebars;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::chart::{Chart, Shape, hex, num};
use super::model::{Comparison, Debrief, show, who, words};
use crate::error::{Error, Result};
use crate::render::html::{blocks_value as blocks, capitalise};
use crate::render::markup;
use crate::results::Recommendation;

const DEBRIEF: &str = "debrief.html.hbs";
const COMPARISON: &str = "comparison.html.hbs";
const STYLE: &str = include_str!("../../templates/debrief.css");

/// The compiled templates, once per process.
fn registry() -> Result<&'static Handlebars<'static>> {
    static REGISTRY: OnceLock<std::result::Result<Handlebars<'static>, String>> = OnceLock::new();
    REGISTRY
        .get_or_init(|| {
            let mut h = Handlebars::new();
            h.set_strict_mode(true);
            h.register_escape_fn(handlebars::html_escape);
            for (name, text) in [
                (DEBRIEF, include_str!("../../templates/debrief.html.hbs")),
                (
                    COMPARISON,
                    include_str!("../../templates/comparison.html.hbs"),
                ),
            ] {
                h.register_template_string(name, text)
                    .map_err(|e| format!("{name}: {e}"))?;
            }
            Ok(h)
        })
        .as_ref()
        .map_err(|e| Error::internal(format!("the built-in debrief templates: {e}")))
}

fn style() -> &'static str {
    STYLE.trim()
}

fn csp() -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(style()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; img-src data:; form-action 'none'; base-uri 'none'"
    )
}

fn render(template: &str, view: &Value) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(64 << 10);
    registry()?
        .render_to_write(template, view, &mut out)
        .map_err(|e| Error::internal(format!("rendering {template}: {e}")))?;
    Ok(out)
}

fn tone(r: Recommendation) -> &'static str {
    if r.is_yes() { "yes" } else { "no" }
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
    let desc: Vec<String> = d
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
    json!({
        "width": num(chart.width),
        "height": num(chart.height),
        "top": num(chart.top - 2.0),
        "bottom": num(chart.height - 4.0),
        "levels": levels,
        "bands": bands,
        "desc": desc.join("; "),
    })
}

/// A mark's shape for the legend, in a 14 by 14 box.
fn legend_path(member: usize) -> String {
    let chart = Chart {
        width: 14.0,
        height: 14.0,
        x0: 0.0,
        top: 0.0,
        levels: Vec::new(),
        bands: Vec::new(),
        radius: 5.0,
    };
    chart.svg_path(&super::chart::Mark {
        x: 7.0,
        y: 7.0,
        shape: Shape::of(member),
        color: (0, 0, 0),
        label: String::new(),
    })
}

/// A name as the page shows it: capitalised, "the interviewer" when there is none.
fn name(n: Option<&str>) -> String {
    capitalise(who(n))
}

/// Each panel member with their mark in the chart and their recommendation.
fn members_view(d: &Debrief) -> Vec<Value> {
    d.panel
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
                "color": hex(super::chart::COLORS[i % super::chart::COLORS.len()]),
                "recommendation": rec.map(|r| capitalise(words(r))),
                "tone": rec.map(tone),
            })
        })
        .collect()
}

/// Each topic's scores across the panel.
fn topic_rows_view(d: &Debrief) -> Vec<Value> {
    d.topics
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
        .collect()
}

/// Every question asked, topic by topic.
fn question_topics_view(d: &Debrief) -> Vec<Value> {
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
    question_topics
}

/// Each interviewer's topic comments, the candidate's questions and notes.
fn notes_view(d: &Debrief) -> Vec<Value> {
    d
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
        .collect()
}

/// What the debrief template sees.
pub fn view(d: &Debrief) -> Value {
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
        "members": members_view(d),
        "chart": chart_view(d),
        "topic_rows": topic_rows_view(d),
        "tally": tally,
        "given": given,
        "question_topics": question_topics_view(d),
        "notes": notes_view(d),
        "levels": d.rubric.len(),
        "low_label": d.rubric.first(),
        "high_label": d.rubric.last(),
        "style": style(),
        "csp": csp(),
    })
}

/// The debrief as an HTML page.
pub fn debrief(d: &Debrief) -> Result<Vec<u8>> {
    render(DEBRIEF, &view(d))
}

/// What the comparison template sees.
pub fn comparison_view(c: &Comparison) -> Value {
    let rows: Vec<Value> = c
        .candidates
        .iter()
        .map(|r| {
            json!({
                "name": r.candidate.as_deref().unwrap_or("(not named)"),
                "topics": r.topics.iter().map(|t| t.map_or("–".to_owned(), show)).collect::<Vec<_>>(),
                "average": r.average.map_or("–".to_owned(), show),
                "counts": Recommendation::ALL.iter().map(|&k| r.recommendations.get(k)).collect::<Vec<_>>(),
                "complete": r.complete,
                "handed_in": r.handed_in,
                "panel": r.panel,
                "flags": r.flags,
            })
        })
        .collect();
    json!({
        "title": format!("Comparison · {} · edition {}", c.role, c.fingerprint),
        "c": {
            "role": c.role, "seniority": c.seniority, "fingerprint": c.fingerprint,
            "bank": c.bank, "topics": c.topics,
        },
        "count": c.candidates.len(),
        "rows": rows,
        "tally_labels": Recommendation::ALL.iter().map(|&r| capitalise(words(r))).collect::<Vec<_>>(),
        "levels": c.rubric.len(),
        "low_label": c.rubric.first(),
        "high_label": c.rubric.last(),
        "style": style(),
        "csp": csp(),
    })
}

/// The comparison as an HTML page.
pub fn comparison(c: &Comparison) -> Result<Vec<u8>> {
    render(COMPARISON, &comparison_view(c))
}
