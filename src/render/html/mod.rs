//! The HTML scorecard: one self-contained page rendered with handlebars from `templates/`
//! (compiled in, replaceable from a folder), fillable on screen and printable.
//!
//! Every value from a spec or a bank reaches the page through handlebars' escaping, or through
//! [`css_string`] inside the style; only the style and the script themselves (trusted template
//! files) go in raw, and the Content-Security-Policy allows exactly those two by hash.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use handlebars::{Handlebars, RenderErrorReason, TemplateErrorReason};

mod escape;
mod view;

use self::escape::{SPANS_PARTIAL, Spans, escape};
pub(crate) use self::escape::{csp_hash, escape_into};
#[cfg(test)]
pub(crate) use self::view::blocks_value;
pub(crate) use self::view::{capitalise, storage_key, view};
use super::{Renderer, Warning};
use crate::edition::{Edition, Scorecard};
use crate::error::{Error, Origin, Result, did_you_mean};

/// The page template's file name.
pub(crate) const PAGE: &str = "scorecard.html.hbs";
/// The style sheet's file name.
pub(crate) const STYLE: &str = "scorecard.css";
/// The script's file name.
pub(crate) const SCRIPT: &str = "scorecard.js";

/// The built-in templates: (file name, text).
pub(crate) const DEFAULT_TEMPLATES: [(&str, &str); 3] = [
    (PAGE, include_str!("../../../templates/scorecard.html.hbs")),
    (STYLE, include_str!("../../../templates/scorecard.css")),
    (SCRIPT, include_str!("../../../templates/scorecard.js")),
];

/// One template file: where it came from (for error messages) and its text.
struct TemplateFile {
    path: PathBuf,
    text: String,
    builtin: bool,
}

/// Renders cards to HTML with the built-in templates or a user's replacements.
pub(crate) struct HtmlRenderer {
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
    pub(crate) fn new(dir: Option<&Path>) -> Result<HtmlRenderer> {
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
pub(crate) fn builtin() -> Result<&'static HtmlRenderer> {
    static BUILTIN: OnceLock<std::result::Result<HtmlRenderer, String>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| HtmlRenderer::new(None).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Error::internal(format!("the built-in HTML templates: {e}")))
}

/// Compile the built-in templates now, so the first card does not wait for them.
pub(crate) fn warm_up() {
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
}
