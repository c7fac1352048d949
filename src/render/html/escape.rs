//! Text into HTML and CSS safely: escaping, the spans helper that renders a prompt's inline
//! code and emphasis, CSS strings, and the hashes the Content-Security-Policy allows.

use handlebars::{Handlebars, RenderErrorReason};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// `{{spans list}}`: a list of spans (plain text and `code`), escaped, as the `spans` partial
/// renders it but without copying the list into a new context first.
pub(super) struct Spans;

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
pub(super) const SPANS_PARTIAL: &str =
    "{{#each this}}{{#if code}}<code>{{text}}</code>{{else}}{{text}}{{/if}}{{/each}}";

/// HTML escaping for text and attribute values (quotes included).
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appended to `out`.
pub(crate) fn escape_into(out: &mut String, text: &str) {
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
}

/// A CSS string literal holding `text`: every character but ASCII letters, digits and
/// spaces is written as a hex escape, so no text can end the string, the rule or the
/// `<style>` element.
pub(super) fn css_string(text: &str) -> String {
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
pub(super) fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub(crate) fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
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
}
