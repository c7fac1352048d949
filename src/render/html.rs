//! The HTML scorecard: one self-contained page rendered with handlebars from `templates/`
//! (compiled in, replaceable from a folder), fillable on screen and printable.

use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::markup::{self, Block};
use super::{Format, Renderer, Warning};
use crate::edition::{Edition, Scorecard};
use crate::error::{Error, Origin, Result};

/// The built-in templates: (file name, text).
pub const DEFAULT_TEMPLATES: [(&str, &str); 3] = [
    (
        "scorecard.html.hbs",
        include_str!("../../templates/scorecard.html.hbs"),
    ),
    (
        "scorecard.css",
        include_str!("../../templates/scorecard.css"),
    ),
    ("scorecard.js", include_str!("../../templates/scorecard.js")),
];

/// Renders cards to HTML with the built-in templates or a user's replacements.
pub struct HtmlRenderer {
    registry: Handlebars<'static>,
    css: String,
    script: String,
}

impl HtmlRenderer {
    /// Load the templates: each file in `dir` (when given) replaces the built-in one of the
    /// same name.
    pub fn new(dir: Option<&Path>) -> Result<HtmlRenderer> {
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            return Err(Error::input(Origin::file(dir), "templates folder not found")
                .with_hint("`templates` names a folder holding scorecard.html.hbs, scorecard.css or scorecard.js"));
        }
        let mut texts: Vec<(String, PathBuf, String)> = Vec::new();
        for (name, builtin) in DEFAULT_TEMPLATES {
            let custom = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            let (path, text) = match custom {
                Some(path) => {
                    let text =
                        crate::yaml::read_text(&path, crate::yaml::MAX_SPEC_BYTES, "template")?;
                    (path, text)
                }
                None => (PathBuf::from("templates").join(name), builtin.to_owned()),
            };
            texts.push((name.to_owned(), path, text));
        }
        let mut registry = Handlebars::new();
        registry.register_escape_fn(escape);
        let (page_path, page) = (&texts[0].1, &texts[0].2);
        registry
            .register_template_string("scorecard", page)
            .map_err(|e| {
                let origin = match e.pos() {
                    Some((line, column)) => Origin::at(page_path, line as u64, column as u64),
                    None => Origin::file(page_path),
                };
                Error::input(origin, format!("template error: {}", e.reason()))
            })?;
        registry
            .register_partial("spans", SPANS_PARTIAL)
            .map_err(|e| Error::usage(format!("built-in partial: {e}")))?;
        let css = texts[1].2.clone();
        let script = texts[2].2.clone();
        Ok(HtmlRenderer {
            registry,
            css,
            script,
        })
    }
}

/// Renders a list of spans (plain text and `code`), escaped.
const SPANS_PARTIAL: &str =
    "{{#each this}}{{#if code}}<code>{{text}}</code>{{else}}{{text}}{{/if}}{{/each}}";

/// HTML escaping for text and attribute values (quotes included).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '`' => out.push_str("&#x60;"),
            '=' => out.push_str("&#x3D;"),
            _ => out.push(c),
        }
    }
    out
}

/// Standard base64, for Content-Security-Policy hashes.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

fn blocks_value(text: &str) -> Value {
    json!(
        markup::blocks(text)
            .into_iter()
            .map(|b| match b {
                Block::Para { spans } => json!({"para": true, "spans": spans}),
                Block::Code { text } => json!({"code": true, "text": text}),
            })
            .collect::<Vec<_>>()
    )
}

fn spans_list(items: &[String]) -> Value {
    json!(items.iter().map(|s| markup::spans(s)).collect::<Vec<_>>())
}

/// The view model the template sees. Documented in the README for template authors.
pub fn view(edition: &Edition, card: &Scorecard, css: &str, script: &str) -> Value {
    let questions: Vec<Value> = card
        .questions
        .iter()
        .map(|q| {
            json!({
                "number": q.number,
                "id": q.id,
                "topic": q.topic,
                "topic_title": q.topic_title,
                "level": q.level,
                "minutes": q.minutes,
                "start_minute": q.start_minute,
                "end_minute": q.end_minute,
                "prompt": blocks_value(&q.prompt),
                "expected": spans_list(&q.expected),
                "follow_ups": spans_list(&q.follow_ups),
                "red_flags": spans_list(&q.red_flags),
            })
        })
        .collect();
    let topics = edition.all_topics();
    let coverage: Vec<Value> = edition
        .scorecards
        .iter()
        .map(|c| {
            let cells: Vec<Value> = topics
                .iter()
                .map(|(id, _)| match c.topics.iter().find(|t| t.id == *id) {
                    Some(t) => json!({"questions": t.questions, "minutes": t.minutes}),
                    None => json!(null),
                })
                .collect();
            json!({"interviewer": c.interviewer, "cells": cells, "total_minutes": c.total_minutes, "questions": c.questions.len(), "current": std::ptr::eq(c, card)})
        })
        .collect();
    let rubric: Vec<Value> = edition
        .rubric
        .iter()
        .enumerate()
        .map(|(i, r)| json!({"value": i + 1, "label": r.label, "anchor": r.anchor}))
        .collect();
    let title = match (&edition.candidate, &card.interviewer) {
        (Some(c), Some(i)) => format!("{} – {c} – {i}", edition.role),
        (Some(c), None) => format!("{} – {c}", edition.role),
        (None, Some(i)) => format!("{} – {i}", edition.role),
        (None, None) => edition.role.clone(),
    };
    let page_size = match edition.paper {
        crate::spec::Paper::A4 => "A4",
        crate::spec::Paper::Letter => "letter",
    };
    // The page size is part of the style, so the style's hash in the policy covers it.
    let style = format!("{css}\n@page {{ size: {page_size}; margin: 14mm 14mm 16mm; }}\n");
    let csp = format!(
        "default-src 'none'; style-src {}; script-src {}; img-src data:; form-action 'none'; base-uri 'none'",
        csp_hash(&style),
        csp_hash(script)
    );
    json!({
        "title": title,
        "edition": edition,
        "card": {
            "interviewer": card.interviewer,
            "total_minutes": card.total_minutes,
            "topics": card.topics,
            "questions": questions,
        },
        "panel": edition.has_panel(),
        "coverage": {"topics": topics.iter().map(|(id, title)| json!({"id": id, "title": title})).collect::<Vec<_>>(), "rows": coverage},
        "rubric": rubric,
        "recommendations": edition.recommendations,
        "page_size": page_size,
        "style": style,
        "script": script,
        "csp": csp,
    })
}

impl Renderer for HtmlRenderer {
    fn format(&self) -> Format {
        Format::Html
    }

    fn render(
        &self,
        edition: &Edition,
        card: &Scorecard,
        _warnings: &mut Vec<Warning>,
    ) -> Result<Vec<u8>> {
        let data = view(edition, card, &self.css, &self.script);
        let html = self.registry.render("scorecard", &data).map_err(|e| {
            let origin = match e.line_no {
                Some(line) => Origin::at(
                    Path::new("scorecard.html.hbs"),
                    line as u64,
                    e.column_no.unwrap_or(1) as u64,
                ),
                None => Origin::file(Path::new("scorecard.html.hbs")),
            };
            Error::input(origin, format!("template error: {}", e.reason()))
        })?;
        Ok(html.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn escape_covers_attributes() {
        assert_eq!(
            escape(r#"<script>" onmouseover='x'"#),
            "&lt;script&gt;&quot; onmouseover&#x3D;&#x27;x&#x27;"
        );
    }
}
