//! The view model a card's page template sees: the edition's data shaped for handlebars.

use serde_json::{Value, json};

use super::escape::{csp_hash, css_string};
use crate::edition::{Edition, Scorecard};
use crate::error::{Error, Result};
use crate::render::markup::{self, Block};
use crate::results::Results;
use crate::spec::Paper;

/// "strong no" → "Strong no".
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) fn blocks_value(text: &str) -> Value {
    json!(
        markup::blocks(text)
            .into_iter()
            .map(|b| match b {
                Block::Para { spans } => json!({"code": false, "spans": spans, "text": ""}),
                Block::Code { text } => json!({"code": true, "spans": [], "text": text}),
            })
            .collect::<Vec<_>>()
    )
}

fn spans_list(items: &[String]) -> Value {
    json!(items.iter().map(|s| markup::spans(s)).collect::<Vec<_>>())
}

/// "Role · Candidate · Interviewer": what identifies a card, on every printed page.
fn card_line(edition: &Edition, card: &Scorecard) -> String {
    crate::render::card_title(edition, card)
}

/// Names the saved state of a card in the browser, and identifies the card a page holds.
pub(crate) fn storage_key(edition: &Edition, card: &Scorecard) -> String {
    format!(
        "scorecard/{}/{}/{}/{}",
        edition.fingerprint,
        edition.date,
        edition.candidate.as_deref().unwrap_or(""),
        card.interviewer.as_deref().unwrap_or("")
    )
}

/// The style as it goes into the page: the template's, then the paper size and the running
/// footer, which depend on the card. Its hash is in the policy, so it covers these too.
fn page_style(css: &str, edition: &Edition, card: &Scorecard) -> String {
    let size = match edition.paper {
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    let edition_code = format!("edition {}", edition.fingerprint);
    format!(
        "{css}\n@page {{ size: {size}; @bottom-left {{ content: {}; }} @bottom-right {{ content: {} \" \\b7  page \" counter(page) \" of \" counter(pages); }} }}",
        css_string(&card_line(edition, card)),
        css_string(&edition_code),
    )
}

/// Each question of the card, its prompt and points as blocks and spans.
fn question_values(card: &Scorecard) -> Vec<Value> {
    card.questions
        .iter()
        .map(|q| {
            json!({
                "number": q.number,
                "id": q.id,
                "topic": q.topic,
                "topic_title": q.topic_title,
                "level": q.level,
                "level_label": capitalise(q.level.name()),
                "minutes": q.minutes,
                "start_minute": q.start_minute,
                "end_minute": q.end_minute,
                "replaces": q.replaces,
                "prompt": blocks_value(&q.prompt),
                "expected": spans_list(&q.expected),
                "follow_ups": spans_list(&q.follow_ups),
                "red_flags": spans_list(&q.red_flags),
            })
        })
        .collect()
}

/// Each topic of the card with its questions, minutes and points.
fn topic_values(card: &Scorecard) -> Vec<Value> {
    card
        .topics
        .iter()
        .map(|t| {
            let points: usize = card
                .questions
                .iter()
                .filter(|q| q.topic == t.id)
                .map(|q| q.expected.len())
                .sum();
            json!({"id": t.id, "title": t.title, "questions": t.questions, "minutes": t.minutes, "points": points})
        })
        .collect()
}

/// The panel's coverage: each interviewer, and each topic's cells across them.
fn coverage_value(edition: &Edition, card: &Scorecard) -> Value {
    // Topics down, interviewers across, as in the PDF: a panel has few interviewers and
    // may have many topics.
    let interviewers: Vec<Value> = edition
        .scorecards
        .iter()
        .map(|c| {
            json!({
                "name": c.interviewer.clone().unwrap_or_default(),
                "current": std::ptr::eq(c, card),
                "questions": c.questions.len(),
                "minutes": c.total_minutes,
            })
        })
        .collect();
    let coverage_rows: Vec<Value> = edition
        .all_topics()
        .iter()
        .map(|(id, title)| {
            let cells: Vec<Value> = edition
                .scorecards
                .iter()
                .map(|c| match c.topics.iter().find(|t| t.id == *id) {
                    Some(t) => json!({"covered": true, "questions": t.questions, "minutes": t.minutes, "current": std::ptr::eq(c, card)}),
                    None => json!({"covered": false, "questions": 0, "minutes": 0, "current": std::ptr::eq(c, card)}),
                })
                .collect();
            json!({"id": id, "title": title, "cells": cells})
        })
        .collect();
    json!({"interviewers": interviewers, "rows": coverage_rows})
}

/// The rubric's levels and the recommendations, as the form offers them.
fn choice_values(edition: &Edition) -> (Vec<Value>, Vec<Value>) {
    let rubric: Vec<Value> = edition
        .rubric
        .iter()
        .enumerate()
        .map(|(i, r)| json!({"value": i + 1, "label": r.label, "anchor": r.anchor}))
        .collect();
    let half = edition.recommendations.len() / 2;
    let recommendations: Vec<Value> = edition
        .recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| {
            json!({
                "value": r,
                "label": capitalise(r),
                "tone": if i < half { "no" } else { "yes" },
            })
        })
        .collect();
    (rubric, recommendations)
}

/// The view model the template sees; the built-in `scorecard.html.hbs` lists its fields
/// for template authors.
pub(crate) fn view(edition: &Edition, card: &Scorecard, css: &str, script: &str) -> Result<Value> {
    let questions = question_values(card);
    let topics = topic_values(card);
    let (rubric, recommendations) = choice_values(edition);
    let style = page_style(css, edition, card);
    let csp = format!(
        "default-src 'none'; style-src {}; script-src {}; img-src data:; form-action 'none'; base-uri 'none'",
        csp_hash(&style),
        csp_hash(script)
    );
    // Names the saved state of this card in the browser, so two cards open side by side
    // never share their ticks.
    let storage_key = storage_key(edition, card);
    // The card's results with nothing filled in: the page's "Save results" fills in a copy,
    // and "Load results" compares a file with it. The page holds it as escaped text, so it
    // needs no place in the policy and no raw output.
    let results = serde_json::to_string(&Results::blank(edition, card))
        .map_err(|e| Error::internal(format!("the card's results as JSON: {e}")))?;
    let results_file = format!("{}-results.json", crate::render::card_stem(edition, card));
    Ok(json!({
        "title": card_line(edition, card),
        "edition": edition,
        "seniority_label": capitalise(edition.seniority.name()),
        "card": {
            "interviewer": card.interviewer,
            "total_minutes": card.total_minutes,
            "topics": topics,
            "questions": questions,
            "storage_key": storage_key,
            "results": results,
            "results_file": results_file,
            "points": card.questions.iter().map(|q| q.expected.len()).sum::<usize>(),
        },
        "panel": edition.has_panel(),
        "coverage": coverage_value(edition, card),
        "rubric": rubric,
        "recommendations": recommendations,
        "paper": edition.paper.name(),
        "layout": edition.layout.name(),
        "agenda": edition
            .agenda(card)
            .into_iter()
            .map(|(label, from, to)| json!({"label": label, "from": from, "to": to}))
            .collect::<Vec<_>>(),
        "agenda_line": edition.agenda_line(card),
        "slot_minutes": edition.slot_minutes(),
        "closing": edition.agenda(card).into_iter().find(|(label, _, _)| *label == "candidate's questions").map(|(_, from, to)| json!({"from": from, "to": to})),
        "style": style,
        "script": script,
        "csp": csp,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalise_first_letter_only() {
        assert_eq!(capitalise("strong no"), "Strong no");
        assert_eq!(capitalise("élan"), "Élan");
        assert_eq!(capitalise(""), "");
    }
}
