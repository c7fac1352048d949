//! The HTML scorecard: one self-contained page rendered with handlebars from `templates/`
//! (compiled in, replaceable from a folder), fillable on screen and printable.
//!
//! Every value from a spec or a bank reaches the page through handlebars' escaping, or through
//! [`css_string`] inside the style; only the style and the script themselves (trusted template
//! files) go in raw, and the Content-Security-Policy allows exactly those two by hash.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use handlebars::{Handlebars, RenderErrorReason, TemplateErrorReason};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::markup::{self, Block};
use super::{Renderer, Warning};
use crate::edition::{Edition, Scorecard};
use crate::error::{Error, Origin, Result, did_you_mean};
use crate::results::Results;
use crate::spec::Paper;

/// The page template's file name.
pub const PAGE: &str = "scorecard.html.hbs";
/// The style sheet's file name.
pub const STYLE: &str = "scorecard.css";
/// The script's file name.
pub const SCRIPT: &str = "scorecard.js";

/// The built-in templates: (file name, text).
pub const DEFAULT_TEMPLATES: [(&str, &str); 3] = [
    (PAGE, include_str!("../../templates/scorecard.html.hbs")),
    (STYLE, include_str!("../../templates/scorecard.css")),
    (SCRIPT, include_str!("../../templates/scorecard.js")),
];

/// One template file: where it came from (for error messages) and its text.
struct TemplateFile {
    path: PathBuf,
    text: String,
    builtin: bool,
}

/// Renders cards to HTML with the built-in templates or a user's replacements.
pub struct HtmlRenderer {
    registry: Handlebars<'static>,
    /// The page's templates, rendered in turn, and the lines of the page before each.
    parts: Vec<(String, usize)>,
    page_path: PathBuf,
    css: String,
    script: String,
    /// Found while loading; reported once, with the first card rendered. Cards may be
    /// rendered on several threads, hence the lock.
    notes: Mutex<Vec<Warning>>,
}

impl HtmlRenderer {
    /// Load the templates: each file in `dir` (when given) replaces the built-in one of the
    /// same name.
    pub fn new(dir: Option<&Path>) -> Result<HtmlRenderer> {
        let mut notes = Vec::new();
        if let Some(dir) = dir {
            check_folder(dir, &mut notes)?;
        }
        let load = |(name, builtin): (&str, &str)| match dir.map(|d| d.join(name)) {
            Some(path) if path.is_file() => {
                let text = crate::yaml::read_text(&path, crate::yaml::MAX_SPEC_BYTES, "template")?;
                Ok(TemplateFile {
                    path,
                    text,
                    builtin: false,
                })
            }
            _ => Ok::<_, crate::error::Error>(TemplateFile {
                path: Path::new("templates").join(name),
                text: builtin.to_owned(),
                builtin: true,
            }),
        };
        let [page, css, script] = DEFAULT_TEMPLATES.map(load);
        let (page, css, script) = (page?, css?, script?);
        // The style and the script go into the page raw, so they must not end their own
        // element early; everything after would be parsed as markup.
        let css_text = raw_text(&css, "</style")?;
        forbid(
            &script,
            "<!--",
            "can keep the browser from seeing where the script ends",
        )?;
        let script_text = raw_text(&script, "</script")?;

        let mut registry = Handlebars::new();
        registry.register_escape_fn(escape);
        // A misspelt variable is an error with its line, not a silently empty field.
        registry.set_strict_mode(true);
        registry.register_helper("spans", Box::new(Spans));
        // The partial renders the same as the helper; templates written before the helper
        // existed use it.
        registry
            .register_partial("spans", SPANS_PARTIAL)
            .map_err(|e| Error::internal(format!("built-in partial: {e}")))?;
        let compile_error = |e: handlebars::TemplateError, lines_before: usize| {
            let origin = match e.pos() {
                Some((line, column)) => {
                    Origin::at(&page.path, (line + lines_before) as u64, column as u64)
                }
                None => Origin::file(&page.path),
            };
            let (message, hint) = syntax_message(e.reason());
            Error::input(origin, format!("template error: {message}")).with_hint(hint)
        };
        let mut parts = Vec::new();
        if page.builtin {
            // The template compiler finds each element's line by counting from the start of
            // its text, so the cost of compiling grows with the square of the text's length.
            // The built-in page is compiled without its opening comment, in the parts its
            // `part` comments mark, each its own template; a card renders them in turn with
            // one context, which is the same page (the HTML snapshot test holds it).
            let text = without_leading_comment(&page.text);
            for (i, part) in text.split(PART).enumerate() {
                let name = format!("scorecard-part-{i}");
                // Lines before the part, so errors name the page's own lines.
                let start = part.as_ptr() as usize - page.text.as_ptr() as usize;
                let lines_before = page.text[..start].matches('\n').count();
                registry
                    .register_template_string(&name, part)
                    .map_err(|e| compile_error(e, lines_before))?;
                parts.push((name, lines_before));
            }
        } else {
            registry
                .register_template_string(PAGE, &page.text)
                .map_err(|e| compile_error(e, 0))?;
            parts.push((PAGE.to_owned(), 0));
        }
        Ok(HtmlRenderer {
            registry,
            parts,
            page_path: page.path,
            css: css_text,
            script: script_text,
            notes: Mutex::new(notes),
        })
    }
}

/// The renderer with the built-in templates, compiled once per process: on first use, or
/// ahead of time by [`warm_up`] on another thread while the spec and bank load.
pub fn builtin() -> Result<&'static HtmlRenderer> {
    static BUILTIN: OnceLock<std::result::Result<HtmlRenderer, String>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| HtmlRenderer::new(None).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Error::internal(format!("the built-in HTML templates: {e}")))
}

/// Compile the built-in templates now, so the first card does not wait for them.
pub fn warm_up() {
    let _ = builtin();
}

/// Where the built-in page is cut into parts: this comment, which renders nothing, at the
/// end of a line.
const PART: &str = "{{! part }}";

/// A template without its opening `{{!-- … --~}}` comment and the white space the `~` trims
/// after it; unchanged when it does not open with one.
fn without_leading_comment(text: &str) -> &str {
    text.strip_prefix("{{!--")
        .and_then(|rest| rest.split_once("--~}}"))
        .map_or(text, |(_, after)| after.trim_start())
}

/// A templates folder must exist and hold at least one template; a file whose name is close
/// to a template's is probably a typo and gets a warning.
fn check_folder(dir: &Path, notes: &mut Vec<Warning>) -> Result<()> {
    let names = || DEFAULT_TEMPLATES.iter().map(|(name, _)| *name);
    let listing = || names().collect::<Vec<_>>().join(", ");
    if !dir.is_dir() {
        let message = if dir.exists() {
            "is not a folder; `templates` names a folder"
        } else {
            "templates folder not found"
        };
        return Err(Error::input(Origin::file(dir), message).with_hint(format!(
            "`templates` names a folder holding any of {}",
            listing()
        )));
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(format!("reading templates folder {}", dir.display()), e))?;
    let mut found: Vec<String> = entries
        .filter_map(std::result::Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut used = 0;
    let mut unknown = Vec::new();
    for name in &found {
        if names().any(|n| n == name) {
            used += 1;
        } else if let Some(hint) = did_you_mean(name, names()) {
            unknown.push((name.clone(), hint));
        }
    }
    for (name, hint) in &unknown {
        notes.push(Warning(format!(
            "{} is not a template name and is not used; {hint}",
            dir.join(name).display()
        )));
    }
    if used == 0 {
        let hint = match unknown.first() {
            Some((_, hint)) => hint.clone(),
            None => format!("name the files {}", listing()),
        };
        return Err(Error::input(
            Origin::file(dir),
            "this templates folder holds none of the template files",
        )
        .with_hint(hint));
    }
    Ok(())
}

/// The text of a style or script template without its surrounding white space, checked not
/// to contain `closing` (which would end the element early). Trimmed because the policy hash
/// is of the exact text, and some checkers trim it before hashing.
fn raw_text(file: &TemplateFile, closing: &str) -> Result<String> {
    forbid(file, closing, "would end the element early")?;
    Ok(file.text.trim().to_owned())
}

fn forbid(file: &TemplateFile, needle: &str, why: &str) -> Result<()> {
    let lower = file.text.to_ascii_lowercase();
    match lower.find(needle) {
        Some(at) => {
            let before = &file.text[..at];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Error::input(
                Origin::at(&file.path, line as u64, column as u64),
                format!("`{needle}` {why}"),
            )
            .with_hint("write it as `<\\/` inside a string, or split it across two strings"))
        }
        None => Ok(()),
    }
}

const FIELDS_HINT: &str =
    "the fields a template can use are listed at the top of the built-in scorecard.html.hbs";

/// A template syntax error in words, with what to look for.
fn syntax_message(reason: &TemplateErrorReason) -> (String, &'static str) {
    match reason {
        TemplateErrorReason::InvalidSyntax(_) => (
            "handlebars syntax error".to_owned(),
            "check that every `{{` here has its `}}`, and that each `{{#block}}` before it has its `{{/block}}`",
        ),
        TemplateErrorReason::MismatchingClosedHelper(open, close) => (
            format!("`{{{{#{open}}}}}` is closed by `{{{{/{close}}}}}`"),
            "close each block with its own name, innermost first",
        ),
        other => (other.to_string(), FIELDS_HINT),
    }
}

/// A render error in words.
fn render_message(reason: &RenderErrorReason) -> String {
    match reason {
        RenderErrorReason::MissingVariable(Some(path)) => {
            format!("`{path}` is not a field here")
        }
        RenderErrorReason::MissingVariable(None) => "a field used here does not exist".to_owned(),
        RenderErrorReason::PartialNotFound(name) => {
            format!("there is no partial `{name}`; the one built in is `spans`")
        }
        RenderErrorReason::HelperNotFound(name) => format!(
            "there is no helper `{name}`; besides handlebars' own (`if`, `each`, `with`, …) \
             there is `spans`"
        ),
        other => other.to_string(),
    }
}

/// `{{spans list}}`: a list of spans (plain text and `code`), escaped, as the `spans` partial
/// renders it but without copying the list into a new context first.
struct Spans;

impl handlebars::HelperDef for Spans {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &handlebars::Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc handlebars::Context,
        _: &mut handlebars::RenderContext<'reg, 'rc>,
        out: &mut dyn handlebars::Output,
    ) -> handlebars::HelperResult {
        let list = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("spans", 0))?;
        let spans = list
            .value()
            .as_array()
            .ok_or(RenderErrorReason::InvalidParamType("a list of spans"))?;
        for span in spans {
            let text = span
                .get("text")
                .and_then(Value::as_str)
                .ok_or(RenderErrorReason::InvalidParamType("a list of spans"))?;
            if span.get("code").and_then(Value::as_bool) == Some(true) {
                out.write("<code>")?;
                out.write(&escape(text))?;
                out.write("</code>")?;
            } else {
                out.write(&escape(text))?;
            }
        }
        Ok(())
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

/// A CSS string literal holding `text`: every character but ASCII letters, digits and
/// spaces is written as a hex escape, so no text can end the string, the rule or the
/// `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else if c.is_control() {
            // Control characters cannot be escaped in CSS; a space keeps words apart.
            out.push(' ');
        } else {
            // The space after the escape ends it and is not part of the string.
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
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
    super::card_title(edition, card)
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

/// The view model the template sees; the built-in `scorecard.html.hbs` lists its fields
/// for template authors.
pub fn view(edition: &Edition, card: &Scorecard, css: &str, script: &str) -> Result<Value> {
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
        .collect();
    let topics: Vec<Value> = card
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
        .collect();
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
    let results_file = format!("{}-results.json", super::card_stem(edition, card));
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
        "coverage": {"interviewers": interviewers, "rows": coverage_rows},
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

impl Renderer for HtmlRenderer {
    fn render(
        &self,
        edition: &Edition,
        card: &Scorecard,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<u8>> {
        if let Ok(mut notes) = self.notes.lock() {
            warnings.append(&mut notes);
        }
        // One context for every part: the view is not copied again for each.
        let context = handlebars::Context::from(view(edition, card, &self.css, &self.script)?);
        let mut html = Vec::with_capacity(64 << 10);
        for (name, lines_before) in &self.parts {
            self.registry
                .render_with_context_to_write(name, &context, &mut html)
                .map_err(|e| {
                    // An error inside the built-in partial is still reported at the page's
                    // line that called it, which is the line a template author can change.
                    let origin = match e.line_no {
                        Some(line) => Origin::at(
                            &self.page_path,
                            (line + lines_before) as u64,
                            e.column_no.unwrap_or(1) as u64,
                        ),
                        None => Origin::file(&self.page_path),
                    };
                    Error::input(
                        origin,
                        format!("template error: {}", render_message(e.reason())),
                    )
                    .with_hint(FIELDS_HINT)
                })?;
        }
        Ok(html)
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

    #[test]
    fn css_strings_cannot_break_out() {
        let s = css_string("Zoë \"</style><script>\\ x\n");
        assert_eq!(
            s,
            "\"Zo\\eb  \\22 \\3c \\2f style\\3e \\3c script\\3e \\5c  x \""
        );
        assert!(!s[1..s.len() - 1].contains(['"', '<', '>', '\n', ';', '}']));
    }

    #[test]
    fn only_a_leading_comment_is_left_out() {
        assert_eq!(
            without_leading_comment("{{!-- a\n b --~}}\n\n<!DOCTYPE html>"),
            "<!DOCTYPE html>"
        );
        let kept = "<p>{{!-- not first --~}}</p>";
        assert_eq!(without_leading_comment(kept), kept);
        let open = "{{!-- never closed";
        assert_eq!(without_leading_comment(open), open);
    }

    #[test]
    fn style_and_script_must_not_close_their_element() {
        let file = |text: &str| TemplateFile {
            path: PathBuf::from("t/scorecard.js"),
            text: text.to_owned(),
            builtin: false,
        };
        let err = raw_text(&file("let a = 1;\nlet b = '</SCRIPT>';\n"), "</script")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "t/scorecard.js:2:10: `</script` would end the element early"
        );
        assert_eq!(raw_text(&file("\n  x  \n"), "</script").unwrap(), "x");
    }

    #[test]
    fn capitalise_first_letter_only() {
        assert_eq!(capitalise("strong no"), "Strong no");
        assert_eq!(capitalise("élan"), "Élan");
        assert_eq!(capitalise(""), "");
    }
}
