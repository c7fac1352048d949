//! The debrief and the comparison as self-contained HTML pages. The comparison is rendered
//! with handlebars from `templates/comparison.html.hbs` (compiled in); the debrief page, made
//! once per candidate, is written by [`super::page`], byte for byte as handlebars renders
//! `templates/debrief.html.hbs` from [`view`] (the tests compare the two). Every value from a
//! results file is escaped; only the style goes in raw, and the Content-Security-Policy
//! allows exactly that style by its hash and nothing else (the pages have no script).

use std::sync::OnceLock;

use handlebars::Handlebars;
use serde_json::{Value, json};

use super::chart::{Chart, Shape};
use super::model::{Comparison, Debrief, show, words};
use crate::error::{Error, Result};
use crate::render::html::{capitalise, csp_hash};
use crate::results::Recommendation;

const COMPARISON: &str = "comparison.html.hbs";
const STYLE: &str = include_str!("../../templates/debrief.css");

/// The compiled comparison template, once per process.
fn registry() -> Result<&'static Handlebars<'static>> {
    static REGISTRY: OnceLock<std::result::Result<Handlebars<'static>, String>> = OnceLock::new();
    REGISTRY
        .get_or_init(|| {
            let mut h = Handlebars::new();
            h.set_strict_mode(true);
            h.register_escape_fn(handlebars::html_escape);
            h.register_template_string(
                COMPARISON,
                include_str!("../../templates/comparison.html.hbs"),
            )
            .map_err(|e| format!("{COMPARISON}: {e}"))?;
            Ok(h)
        })
        .as_ref()
        .map_err(|e| Error::internal(format!("the built-in comparison template: {e}")))
}

pub(crate) fn style() -> &'static str {
    STYLE.trim()
}

pub(crate) fn csp() -> String {
    format!(
        "default-src 'none'; style-src {}; img-src data:; form-action 'none'; base-uri 'none'",
        csp_hash(style())
    )
}

fn render(template: &str, view: &Value) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(64 << 10);
    registry()?
        .render_to_write(template, view, &mut out)
        .map_err(|e| Error::internal(format!("rendering {template}: {e}")))?;
    Ok(out)
}

pub(crate) fn tone(r: Recommendation) -> &'static str {
    if r.is_yes() { "yes" } else { "no" }
}

/// A mark's shape for the legend, in a 14 by 14 box.
pub(crate) fn legend_path(member: usize) -> String {
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

/// The debrief as an HTML page.
pub(crate) fn debrief(d: &Debrief) -> Result<Vec<u8>> {
    Ok(super::page::debrief(d))
}

/// What the comparison template sees.
pub(crate) fn comparison_view(c: &Comparison) -> Value {
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
pub(crate) fn comparison(c: &Comparison) -> Result<Vec<u8>> {
    render(COMPARISON, &comparison_view(c))
}
