//! The HTML scorecard: hostile text escaped, a policy that forbids the network, real form
//! controls per question, templates replaced from a folder (and broken ones reported with
//! file and line), and a snapshot of a whole page (`SNAPSHOTS=overwrite` rewrites it).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::support::{Run, fixture, json, scorecard, squash};

/// Generate HTML (and JSON) for `spec` with `extra` arguments; returns the folder, the HTML
/// pages (sorted by name) and the JSON export.
fn generate(spec: &Path, extra: &[&str]) -> (tempfile::TempDir, Vec<PathBuf>, serde_json::Value) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "generate",
        spec.to_str().unwrap(),
        "--format",
        "html,json",
        "--date",
        "2026-11-24",
        "--out",
        out.path().to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    scorecard(&args).success();
    let mut pages = Vec::new();
    let mut export = serde_json::Value::Null;
    for entry in std::fs::read_dir(out.path()).unwrap() {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("html") => pages.push(path),
            Some("json") => {
                export = json(&path);
            }
            _ => {}
        }
    }
    pages.sort();
    assert!(!pages.is_empty(), "no HTML written");
    (out, pages, export)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// One start or end tag of a page.
#[derive(Debug)]
struct Tag {
    /// Lowercase name; `/name` for an end tag.
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The tags of a page in order, enough of an HTML tokenizer for what the renderer writes:
/// comments and doctype skipped, `<style>` and `<script>` content skipped, attribute values
/// decoded.
fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if rest.starts_with('!') {
            let end = if rest.starts_with("!--") {
                rest.find("-->").map_or(rest.len(), |e| e + 3)
            } else {
                rest.find('>').map_or(rest.len(), |e| e + 1)
            };
            rest = &rest[end..];
            continue;
        }
        let closing = rest.starts_with('/');
        let body = if closing { &rest[1..] } else { rest };
        let name_len = body
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(body.len());
        let name = body[..name_len].to_ascii_lowercase();
        assert!(
            !name.is_empty(),
            "a bare `<` in the markup: {}",
            &rest[..rest.len().min(60)]
        );
        let mut attrs = Vec::new();
        let mut s = &body[name_len..];
        loop {
            s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if s.starts_with('>') || s.is_empty() {
                s = s.get(1..).unwrap_or("");
                break;
            }
            let n = s
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(s.len());
            let attr = s[..n].to_ascii_lowercase();
            s = &s[n..];
            let mut value = String::new();
            if let Some(after) = s.strip_prefix('=') {
                let (v, r) = if let Some(q) = after.strip_prefix('"') {
                    let e = q.find('"').expect("closing quote");
                    (&q[..e], &q[e + 1..])
                } else {
                    let e = after
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    (&after[..e], &after[e..])
                };
                value = decode(v);
                s = r;
            }
            attrs.push((attr, value));
        }
        rest = s;
        if !closing && (name == "script" || name == "style") {
            let end = rest
                .to_ascii_lowercase()
                .find(&format!("</{name}"))
                .expect("raw text element is closed");
            rest = &rest[end..];
        }
        out.push(Tag {
            name: if closing { format!("/{name}") } else { name },
            attrs,
        });
    }
    out
}

/// Decode the character references the renderer writes (and any numeric one).
fn decode(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "nbsp" => Some('\u{a0}'),
            _ if entity.starts_with("#x") => u32::from_str_radix(&entity[2..], 16)
                .ok()
                .and_then(char::from_u32),
            _ if entity.starts_with('#') => entity[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The page's text: markup and the style and script removed, references decoded.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
        // Block boundaries separate words; inline elements do not.
        let inline = ["<code", "</code", "<span", "</span"]
            .iter()
            .any(|t| lower.starts_with(t));
        if !inline {
            out.push(' ');
        }
        let end = if lower.starts_with("<style") {
            rest.find("</style>").unwrap() + 8
        } else if lower.starts_with("<script") {
            rest.find("</script>").unwrap() + 9
        } else {
            rest.find('>').unwrap() + 1
        };
        rest = &rest[end..];
    }
    out.push_str(rest);
    squash(&decode(&out))
}

/// The text between `<name>` and `</name>` (the first such element).
fn element<'a>(html: &'a str, name: &str) -> &'a str {
    let open = format!("<{name}>");
    let start = html.find(&open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    let end = html[start..].find(&format!("</{name}>")).unwrap() + start;
    &html[start..end]
}

/// The page's blank results as written in its `<template>`: escaped text.
fn results_raw(html: &str) -> &str {
    let open = "<template id=\"card-results\">";
    let start = html.find(open).expect("the blank results template") + open.len();
    let end = html[start..].find("</template>").unwrap() + start;
    &html[start..end]
}

/// The page's blank results: the JSON text its template holds.
fn results_block(html: &str) -> String {
    decode(results_raw(html))
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

fn sha256(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// The Content-Security-Policy of a page, from its meta tag.
fn policy(html: &str) -> String {
    tags(html)
        .iter()
        .find(|t| t.name == "meta" && t.attr("http-equiv") == Some("Content-Security-Policy"))
        .and_then(|t| t.attr("content"))
        .expect("a Content-Security-Policy meta tag")
        .to_owned()
}

/// The card of the export that a page shows, found by its question ids.
fn card_of<'a>(html: &str, export: &'a serde_json::Value) -> &'a serde_json::Value {
    let ids: Vec<String> = tags(html)
        .iter()
        .filter_map(|t| t.attr("data-question-id").map(str::to_owned))
        .collect();
    export["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            let card: Vec<&str> = c["questions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| q["id"].as_str().unwrap())
                .collect();
            card == ids
        })
        .expect("the page shows one card of the export")
}

/// Every string of a card's JSON that the page must show as text.
fn card_texts(export: &serde_json::Value, card: &serde_json::Value) -> Vec<String> {
    let s = |v: &serde_json::Value| v.as_str().unwrap().to_owned();
    let mut out = vec![
        s(&export["role"]),
        s(&export["candidate"]),
        s(&export["bank"]["name"]),
        s(&export["bank"]["version"]),
    ];
    out.push(s(&card["interviewer"]));
    for level in export["rubric"].as_array().unwrap() {
        out.push(s(&level["label"]));
        out.push(s(&level["anchor"]));
    }
    for q in card["questions"].as_array().unwrap() {
        out.push(s(&q["topic_title"]));
        for line in q["prompt"].as_str().unwrap().lines() {
            let line = line.trim();
            if !line.is_empty() && !line.starts_with("```") {
                out.push(line.to_owned());
            }
        }
        for key in ["expected", "follow_ups", "red_flags"] {
            out.extend(q[key].as_array().unwrap().iter().map(s));
        }
    }
    out
}

#[test]
fn hostile_text_shows_literally_and_never_becomes_markup() {
    let (_out, pages, export) = generate(&fixture("xss/spec.yaml"), &[]);
    assert_eq!(pages.len(), 2, "one page per interviewer");
    let mut all_text = String::new();
    for page in &pages {
        let html = read(page);
        let card = card_of(&html, &export);
        let name = page.display();
        let tags = tags(&html);
        let count = |n: &str| tags.iter().filter(|t| t.name == n).count();
        assert_eq!(count("script"), 1, "{name}: one script");
        // Hostile text in the blank results is escaped text in a template element, and
        // reads back as the text itself.
        let raw = results_raw(&html);
        assert!(
            !raw.contains(['<', '>', '"']),
            "{name}: markup in the blank results"
        );
        let data = &decode(raw);
        let blank: serde_json::Value = serde_json::from_str(data).unwrap();
        for (q, c) in blank["questions"]
            .as_array()
            .unwrap()
            .iter()
            .zip(card["questions"].as_array().unwrap())
        {
            assert_eq!(q["prompt"], c["prompt"], "{name}");
            assert_eq!(q["expected"], c["expected"], "{name}");
        }
        assert_eq!(blank["candidate"], export["candidate"], "{name}");
        assert_eq!(count("style"), 1, "{name}: one style");
        for smuggled in [
            "img", "svg", "iframe", "a", "b", "object", "embed", "base", "link",
        ] {
            assert_eq!(
                count(smuggled),
                0,
                "{name}: a <{smuggled}> from the bank or spec"
            );
        }
        for tag in &tags {
            for (attr, value) in &tag.attrs {
                assert!(
                    !attr.starts_with("on") && !value.contains("javascript:"),
                    "{name}: <{} {attr}=\"{value}\">",
                    tag.name
                );
            }
        }
        // The raw page holds the escaped forms, never the live ones.
        for live in [
            "<script>alert",
            "<img src",
            "<svg",
            "<b>Poor",
            "onmouseover=\"",
            "</textarea><script>",
            "<!--",
        ] {
            assert!(!html.contains(live), "{name}: live markup {live:?}");
        }
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&quot; onmouseover&#x3D;&quot;alert(1)"));
        // The style carries names in the running footer: escaped so nothing can close it.
        let style = element(&html, "style");
        assert!(!style.contains('<'), "{name}: `<` in the style");
        assert!(style.contains("@bottom-left { content: \""));
        // Handlebars syntax in data stays data.
        let text = text_of(&html);
        for expected in card_texts(&export, card) {
            assert!(
                text.contains(&squash(&expected.replace('`', ""))),
                "{name}: {expected:?} not shown literally"
            );
        }
        assert_eq!(
            decode(element(&html, "title")),
            format!(
                "{} · {} · {}",
                export["role"].as_str().unwrap(),
                export["candidate"].as_str().unwrap(),
                card["interviewer"].as_str().unwrap()
            )
        );
        all_text.push_str(&html);
    }
    // Code in a prompt is in <pre><code>, escaped, line for line.
    assert!(
        all_text.contains(
            "<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;a href&#x3D;&quot;javascript:alert(1)&quot;&gt;click&lt;/a&gt;</code></pre>"
        ),
        "the code block is not a <pre><code> block"
    );
    assert!(all_text.contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"));
    assert!(
        text_of(&all_text).contains("Handlebars in data {{title}} and {{{style}}} is not expanded")
    );
    assert!(text_of(&all_text).contains("&amp; &lt;b&gt; are not decoded twice"));
}

#[test]
fn the_policy_allows_only_the_inline_style_and_script() {
    let (_out, pages, _) = generate(&fixture("specs/panel.yaml"), &["--paper", "letter"]);
    for page in &pages {
        let html = read(page);
        let name = page.display();
        let tags = tags(&html);
        // The policy comes before anything it governs.
        let names: Vec<&str> = tags.iter().take(4).map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["html", "head", "meta", "meta"], "{name}");
        let csp = policy(&html);
        let style = element(&html, "style");
        let script = element(&html, "script");
        assert_eq!(
            csp,
            format!(
                "default-src 'none'; style-src {}; script-src {}; img-src data:; form-action 'none'; base-uri 'none'",
                sha256(style),
                sha256(script)
            ),
            "{name}"
        );
        assert!(!csp.contains("unsafe"), "{name}");
        assert!(style.contains("size: letter;"), "{name}: paper size");
        // No resource is named anywhere: no URL attribute, no CSS url() or @import, and no
        // attribute value pointing off the page.
        for tag in &tags {
            for (attr, value) in &tag.attrs {
                assert!(
                    ![
                        "src",
                        "href",
                        "srcset",
                        "action",
                        "formaction",
                        "poster",
                        "data",
                        "background",
                        "ping",
                        "manifest",
                        "cite"
                    ]
                    .contains(&attr.as_str()),
                    "{name}: <{} {attr}>",
                    tag.name
                );
                let v = value.trim_start();
                assert!(
                    !(v.starts_with("http:") || v.starts_with("https:") || v.starts_with("//")),
                    "{name}: <{} {attr}=\"{value}\">",
                    tag.name
                );
            }
        }
        for (text, what) in [(style, "style"), (script, "script")] {
            for needle in [
                "url(",
                "@import",
                "http:",
                "https:",
                "fetch(",
                "XMLHttpRequest",
                "WebSocket",
                "sendBeacon",
                "import(",
            ] {
                assert!(!text.contains(needle), "{name}: {needle} in the {what}");
            }
        }
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{name}"
        );
    }
}

#[test]
fn every_question_has_its_checkboxes_radios_and_notes() {
    let (_out, pages, export) = generate(&fixture("specs/panel.yaml"), &[]);
    let rubric = export["rubric"].as_array().unwrap().len();
    assert_eq!(rubric, 4);
    for page in &pages {
        let html = read(page);
        let card = card_of(&html, &export);
        let name = page.display();
        let tags = tags(&html);
        // Per question: (checkboxes, radios, textareas, radio group names).
        let mut seen: Vec<(String, usize, usize, usize, Vec<String>)> = Vec::new();
        let mut current: Option<usize> = None;
        let mut outside_radios = Vec::new();
        let mut outside_files = Vec::new();
        for tag in &tags {
            match tag.name.as_str() {
                "article" => {
                    seen.push((
                        tag.attr("data-question-id").unwrap().to_owned(),
                        0,
                        0,
                        0,
                        Vec::new(),
                    ));
                    current = Some(seen.len() - 1);
                }
                "/article" => current = None,
                "input" | "textarea" => {
                    let kind = if tag.name == "textarea" {
                        "textarea"
                    } else {
                        tag.attr("type").unwrap()
                    };
                    match (current, kind) {
                        (Some(i), "checkbox") => {
                            seen[i].1 += 1;
                            let id = tag.attr("id").unwrap().to_owned();
                            assert!(tag.attr("name").is_some());
                            seen[i].4.push(format!("for:{id}"));
                        }
                        (Some(i), "radio") => {
                            seen[i].2 += 1;
                            seen[i].4.push(tag.attr("name").unwrap().to_owned());
                        }
                        (Some(i), "textarea") => seen[i].3 += 1,
                        (None, "radio") => {
                            outside_radios.push(tag.attr("value").unwrap().to_owned())
                        }
                        (None, "textarea") => {}
                        (None, "file") => outside_files.push(tag.attr("id").unwrap().to_owned()),
                        other => panic!("{name}: unexpected control {other:?}"),
                    }
                }
                _ => {}
            }
        }
        let questions = card["questions"].as_array().unwrap();
        assert_eq!(
            seen.len(),
            questions.len(),
            "{name}: one article per question"
        );
        for ((id, boxes, radios, notes, names), q) in seen.iter().zip(questions) {
            assert_eq!(id, q["id"].as_str().unwrap(), "{name}: question order");
            let points = q["expected"].as_array().unwrap().len();
            assert_eq!(
                *boxes, points,
                "{name}: {id}: one checkbox per expected point"
            );
            assert_eq!(*radios, rubric, "{name}: {id}: one radio per rubric level");
            assert_eq!(*notes, 1, "{name}: {id}: one notes field");
            let groups: std::collections::BTreeSet<&String> =
                names.iter().filter(|n| !n.starts_with("for:")).collect();
            assert_eq!(groups.len(), 1, "{name}: {id}: the radios form one group");
            for labelled in names.iter().filter_map(|n| n.strip_prefix("for:")) {
                assert!(
                    html.contains(&format!("<label for=\"{labelled}\"")),
                    "{name}: checkbox {labelled} has no label"
                );
            }
        }
        assert_eq!(
            outside_radios,
            ["strong no", "no", "yes", "strong yes"],
            "{name}: the recommendation, with no neutral option"
        );
        assert_eq!(outside_files, ["load-results"], "{name}: one file picker");
    }
}

/// A folder of templates holding `files` (name, text).
fn template_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn generate_with_templates(templates: &Path) -> Run {
    let out = tempfile::tempdir().unwrap();
    scorecard(&[
        "generate",
        fixture("specs/basic.yaml").to_str().unwrap(),
        "--format",
        "html",
        "--templates",
        templates.to_str().unwrap(),
        "--out",
        out.path().join("cards").to_str().unwrap(),
    ])
}

#[test]
fn a_templates_folder_replaces_only_the_files_it_has() {
    let css = ".sheet { border-top: 6px solid rebeccapurple; }\n";
    let dir = template_dir(&[("scorecard.css", css)]);
    let (_out, pages, _) = generate(
        &fixture("specs/basic.yaml"),
        &["--templates", dir.path().to_str().unwrap()],
    );
    let html = read(&pages[0]);
    let style = element(&html, "style");
    assert!(style.starts_with(css.trim()), "the folder's style is used");
    assert!(!style.contains("--accent"), "the built-in style is gone");
    assert!(
        policy(&html).contains(&sha256(style)),
        "the policy hashes the new style"
    );
    // The page and the script are still the built-in ones.
    assert!(html.contains("<article class=\"question\""));
    assert!(element(&html, "script").contains("sessionStorage"));

    // A spec's `templates:` key, relative to the spec, replaces the page.
    let spec_dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(spec_dir.path().join("mine")).unwrap();
    std::fs::write(
        spec_dir.path().join("mine/scorecard.html.hbs"),
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{title}}</title><style>{{{style}}}</style></head>\n<body><h1>Custom card for {{edition.role}}</h1>{{#each card.questions}}<p>{{number}}. {{topic_title}}</p>{{/each}}</body></html>\n",
    )
    .unwrap();
    let spec = spec_dir.path().join("spec.yaml");
    std::fs::write(
        &spec,
        format!(
            "extends: {}\ntemplates: mine\n",
            fixture("specs/basic.yaml").display()
        ),
    )
    .unwrap();
    let (_out, pages, export) = generate(&spec, &[]);
    let html = read(&pages[0]);
    assert!(html.contains("<h1>Custom card for Platform Engineer</h1>"));
    let questions = export["scorecards"][0]["questions"].as_array().unwrap();
    assert!(html.contains(&format!("<p>{}. ", questions.len())));
    assert!(!html.contains("<script>"));
}

#[test]
fn a_broken_template_names_its_file_and_line() {
    // A syntax error: an unclosed expression on line 3.
    let dir = template_dir(&[(
        "scorecard.html.hbs",
        "<!DOCTYPE html>\n<title>{{title}}</title>\n<h1>{{edition.role</h1>\n",
    )]);
    let page = dir.path().join("scorecard.html.hbs");
    generate_with_templates(dir.path())
        .failure()
        .stderr_has(&format!("{}:3:", page.display()))
        .stderr_has("template error");

    // A misspelt field: an error at its line when the page is rendered, not an empty field.
    let dir = template_dir(&[(
        "scorecard.html.hbs",
        "<!DOCTYPE html>\n<title>{{title}}</title>\n\n<h1>{{edition.rol}}</h1>\n",
    )]);
    let page = dir.path().join("scorecard.html.hbs");
    generate_with_templates(dir.path())
        .failure()
        .stderr_has(&format!("{}:4:", page.display()))
        .stderr_has("edition.rol")
        .stderr_has("hint: the fields a template can use are listed");

    // A style that would close its own element.
    let dir = template_dir(&[("scorecard.css", "p { color: red; }\n/* </style> */\n")]);
    let css = dir.path().join("scorecard.css");
    generate_with_templates(dir.path())
        .failure()
        .stderr_has(&format!(
            "{}:2:4: `</style` would end the element early",
            css.display()
        ));

    // A folder with no template in it, only a near miss.
    let dir = template_dir(&[("scorecard.htm.hbs", "<p>x</p>")]);
    generate_with_templates(dir.path())
        .failure()
        .stderr_has("holds none of the template files")
        .stderr_has("hint: did you mean `scorecard.html.hbs`?");

    // A folder that is not there.
    let missing = dir.path().join("nope");
    generate_with_templates(&missing)
        .failure()
        .stderr_has(&format!(
            "{}: templates folder not found",
            missing.display()
        ));
}

/// The built-in page template's text.
fn built_in_page() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/scorecard.html.hbs"),
    )
    .unwrap()
}

/// Cards made with `page` as the template are the cards made with the built-in one.
fn renders_as_the_built_in_page(page: &str) {
    let dir = template_dir(&[("scorecard.html.hbs", page)]);
    let spec = fixture("specs/panel.yaml");
    let (_a, built_in, _) = generate(&spec, &[]);
    let (_b, copied, _) = generate(&spec, &["--templates", dir.path().to_str().unwrap()]);
    assert_eq!(built_in.len(), copied.len());
    for (a, b) in built_in.iter().zip(&copied) {
        assert_eq!(read(a), read(b), "{}", a.display());
    }
}

#[test]
fn a_copy_of_the_built_in_page_renders_the_same_page() {
    // The built-in page is compiled in parts at its `part` comments; a copy given as a
    // template is compiled whole, and both must give the same page.
    let page = built_in_page();
    assert_eq!(page.matches("{{! part }}").count(), 7);
    renders_as_the_built_in_page(&page);
}

#[test]
fn the_spans_partial_renders_as_the_spans_helper_does() {
    // Templates written for the `spans` partial keep working, and give the same page.
    let page = built_in_page();
    assert!(page.contains("{{spans this}}"));
    renders_as_the_built_in_page(&page.replace("{{spans ", "{{> spans "));
}

#[test]
fn an_unknown_helper_is_named_with_the_ones_there_are() {
    let dir = template_dir(&[(
        "scorecard.html.hbs",
        "<!DOCTYPE html>\n<title>{{title}}</title>\n<p>{{span card.points}}</p>\n",
    )]);
    generate_with_templates(dir.path())
        .failure()
        .stderr_has("scorecard.html.hbs:3:")
        .stderr_has("there is no helper `span`")
        .stderr_has("`spans`");
}

#[test]
fn a_card_that_fails_to_render_leaves_nothing_behind() {
    // The JSON and the PDF render fine and are staged; the page then fails on a misspelt
    // field. Neither the staged files nor the folder the run created may remain.
    let dir = template_dir(&[(
        "scorecard.html.hbs",
        "<!DOCTYPE html>\n<title>{{title}}</title>\n<h1>{{edition.rol}}</h1>\n",
    )]);
    let out = tempfile::tempdir().unwrap();
    let cards = out.path().join("cards");
    let run = || {
        scorecard(&[
            "generate",
            fixture("specs/basic.yaml").to_str().unwrap(),
            "--templates",
            dir.path().to_str().unwrap(),
            "--out",
            cards.to_str().unwrap(),
        ])
    };
    run().failure().stderr_has("edition.rol");
    assert!(!cards.exists(), "the run's output folder was left behind");

    // Into a folder that was already there, with a card in it: the folder and the earlier
    // card stay, and nothing is added.
    std::fs::create_dir(&cards).unwrap();
    std::fs::write(cards.join("earlier.pdf"), b"%PDF-1.7 earlier").unwrap();
    run().failure();
    let left: Vec<_> = std::fs::read_dir(&cards)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("earlier.pdf")]);
}

#[test]
fn a_near_miss_beside_a_real_template_is_a_warning() {
    let dir = template_dir(&[
        ("scorecard.css", "p { color: #222; }\n"),
        ("scorecard.jss", "console.log(1);\n"),
    ]);
    generate_with_templates(dir.path()).success().stderr_has(
        "scorecard.jss is not a template name and is not used; did you mean `scorecard.js`?",
    );
}

#[test]
fn a_generated_page_matches_its_snapshot() {
    let (_out, pages, _) = generate(
        &fixture("specs/panel.yaml"),
        &["--candidate", "Zoë Ångström-Müller"],
    );
    let page = pages
        .iter()
        .find(|p| p.to_string_lossy().ends_with("-grace-hopper.html"))
        .expect("Grace Hopper's card");
    let actual = read(page);
    let snapshot = fixture("snapshots/panel-grace-hopper.html");
    if std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite") {
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        std::fs::write(&snapshot, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
    if actual != expected {
        // The policy's hashes change with any change to the style or script; show the first
        // difference that says what changed.
        let differs: Vec<usize> = (0..actual.lines().count().max(expected.lines().count()))
            .filter(|&i| actual.lines().nth(i) != expected.lines().nth(i))
            .collect();
        let line = differs
            .iter()
            .copied()
            .find(|&i| {
                !actual
                    .lines()
                    .nth(i)
                    .unwrap_or("")
                    .contains("Content-Security-Policy")
            })
            .unwrap_or(differs[0]);
        panic!(
            "{} differs from the generated page in {} line(s), first at line {}:\n  snapshot:  {}\n  generated: {}\nIf the change is intended, run: SNAPSHOTS=overwrite cargo test --test cli html::",
            snapshot.display(),
            differs.len(),
            line + 1,
            expected.lines().nth(line).unwrap_or("(end of file)"),
            actual.lines().nth(line).unwrap_or("(end of file)"),
        );
    }
}

#[test]
fn the_page_holds_its_blank_results_which_scorecard_results_reads() {
    let (out, pages, export) = generate(
        &fixture("specs/panel.yaml"),
        &["--candidate", "Zoë Ångström-Müller"],
    );
    assert_eq!(pages.len(), 3, "one page per interviewer");
    for page in &pages {
        let html = read(page);
        let card = card_of(&html, &export);
        let name = page.display();
        let data = &results_block(&html);
        // What "Save results" starts from is itself a results file the tool accepts, of
        // this card, with nothing filled in.
        let file = out.path().join("blank.json");
        std::fs::write(&file, data).unwrap();
        let run = scorecard(&["results", file.to_str().unwrap()]);
        run.success();
        let read_back: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
        let blank: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(
            read_back, blank,
            "{name}: the blank results read back unchanged"
        );
        assert_eq!(blank["format"], "scorecard-results/1");
        for key in ["fingerprint", "candidate", "date", "role"] {
            assert_eq!(blank[key], export[key], "{name}: {key}");
        }
        assert_eq!(blank["interviewer"], card["interviewer"], "{name}");
        let questions = blank["questions"].as_array().unwrap();
        let asked = card["questions"].as_array().unwrap();
        assert_eq!(questions.len(), asked.len(), "{name}");
        for (q, a) in questions.iter().zip(asked) {
            assert_eq!(q["id"], a["id"], "{name}");
            assert_eq!(q["expected"], a["expected"], "{name}");
            let points = q["points"].as_array().unwrap();
            assert_eq!(points.len(), a["expected"].as_array().unwrap().len());
            assert!(points.iter().all(|p| p == false), "{name}: nothing ticked");
            assert!(q["score"].is_null() && q["notes"] == "", "{name}");
        }
        assert!(blank["recommendation"].is_null(), "{name}");

        // The buttons: in the toolbar (hidden without the script, never printed), the save
        // button naming the file it writes beside the card's own name.
        let stem = page.file_stem().unwrap().to_str().unwrap();
        let tags = tags(&html);
        let toolbar: Vec<&Tag> = tags
            .iter()
            .skip_while(|t| !(t.name == "header" && t.attr("class") == Some("toolbar")))
            .take_while(|t| t.name != "main")
            .collect();
        assert!(
            toolbar[0].attr("hidden").is_some(),
            "{name}: the toolbar shows only with the script"
        );
        let find = |id: &str| {
            toolbar
                .iter()
                .find(|t| t.attr("id") == Some(id))
                .unwrap_or_else(|| panic!("{name}: no #{id} in the toolbar"))
        };
        let save = find("save-results");
        assert_eq!(save.name, "button");
        assert_eq!(save.attr("type"), Some("button"));
        assert_eq!(
            save.attr("data-file"),
            Some(format!("{stem}-results.json").as_str()),
            "{name}"
        );
        let load = find("load-results");
        assert_eq!(
            (load.name.as_str(), load.attr("type")),
            ("input", Some("file"))
        );
        assert!(html.contains("<label for=\"load-results\">Load results</label>"));
        assert_eq!(find("clear").name, "button");
        assert_eq!(find("saved").attr("role"), Some("status"));
        assert_eq!(find("message").attr("role"), Some("alert"));
    }
    // The print style hides the toolbar, so the printed card is as it was.
    let first = read(&pages[0]);
    let style = element(&first, "style");
    let print = &style[style.find("@media print").unwrap()..];
    assert!(print.contains(".toolbar, .card-foot, .print-button { display: none !important; }"));
}

#[test]
fn names_in_any_script_are_isolated_for_direction() {
    let (_out, pages, _) = generate(&fixture("scripts/spec.yaml"), &[]);
    assert_eq!(pages.len(), 6, "one card per interviewer");
    let names = [
        "王小明",
        "محمد عبد الله",
        "דוד כהן",
        "अनीता शर्मा",
        "สมชาย ใจดี",
        "田中 花子",
        "김민준",
    ];
    for page in &pages {
        let html = read(page);
        for name in names {
            assert!(
                html.contains(&format!("<bdi>{name}</bdi>")),
                "{}: {name} is not isolated",
                page.display()
            );
            // In the page's text (outside tags, the title and the card's data), a name never
            // stands bare next to other text.
            let text = visible_text(&html.replace(&format!("<bdi>{name}</bdi>"), "<bdi></bdi>"));
            assert!(
                !text.contains(name),
                "{}: {name} stands bare",
                page.display()
            );
        }
        assert!(html.contains("<textarea"));
        assert_eq!(
            html.matches(r#"<textarea"#).count(),
            html.split("<textarea")
                .skip(1)
                .filter(|t| t.split('>').next().unwrap_or("").contains(r#"dir="auto""#))
                .count(),
            "{}: every text field takes the direction of what is typed",
            page.display()
        );
    }
}

/// The page's text as a reader sees it: no tags (nor their attributes), no title, no
/// template or script.
fn visible_text(html: &str) -> String {
    let body = html.split("</title>").nth(1).unwrap_or(html);
    let body = body.split("<template").next().unwrap_or(body);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
