//! The reference the debrief page is tested against: `templates/debrief.html.hbs` rendered
//! with handlebars from the view model it was written for. The page ([`super::page`]) must
//! give the same bytes for every panel here: complete and incomplete, named and unnamed,
//! with hostile text in every free field.

use handlebars::Handlebars;
use serde_json::{Value, json};

use super::chart::{Chart, Shape, hex, num};
use super::html::{csp, legend_path, style, tone};
use super::model::{Debrief, show, who, words};
use super::page::chart_description;
use crate::render::html::{blocks_value as blocks, capitalise};
use crate::render::markup;
use crate::results::Results;

/// The page as handlebars renders the template.
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
        "desc": chart_description(d),
    })
}

/// A mark's shape for the legend, in a 14 by 14 box.
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
            let rec = d.recommendation_of(i);
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
fn view(d: &Debrief) -> Value {
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
        let page = String::from_utf8(super::page::debrief(&d)).expect("UTF-8");
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
