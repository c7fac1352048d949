//! The fast reader of topic files (in `scorecard-bank-format`, shared with the build script)
//! checked against the full YAML parser: whatever it accepts it must read exactly as the full
//! parser does, value and position, on the bundled bank and on generated files.

pub(crate) use scorecard_bank_format::read;

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::bank::{TopicData, TopicFile};
    use crate::rng::Rng;

    /// What the full parser makes of `text`, in the same shape.
    fn full(text: &str) -> Option<TopicData> {
        crate::yaml::parse::<TopicFile>(Path::new("t.yaml"), text)
            .ok()
            .map(TopicData::from)
    }

    /// The fast reader either declines or agrees with the full parser exactly.
    fn agrees(text: &str) -> bool {
        match read(text) {
            None => false,
            Some(fast) => {
                assert_eq!(Some(&fast), full(text).as_ref(), "reading:\n{text}");
                true
            }
        }
    }

    #[test]
    fn reads_the_bundled_bank_as_the_full_parser_does() {
        for (name, text, built) in super::super::bundled::FILES {
            if *name != "bank.yaml" {
                assert!(agrees(text), "{name} is not read by the fast reader");
                // What the build read into the binary is what reading the text gives now.
                let built = built.as_ref().map(TopicData::from);
                assert_eq!(built, read(text), "{name} as read at build time");
            }
        }
    }

    #[test]
    fn reads_each_construct_of_the_subset() {
        let cases = [
            "topic: t\ntitle: T\nquestions: []\n",
            "topic: t\ntitle: T\nquestions:\n- id: a\n  level: basic\n  minutes: 5\n  prompt: p\n  expected: [x, y]\n",
            "# c\ntopic: t   # c\n\ntitle: 'it''s é'\nquestions:\n  -   id: a-1\n      level: expert\n      minutes: 60\n      prompt: |\n        code:\n\n          x = 1\n        end\n\n\n      expected:\n      - \"a \\\"b\\\" \\u00e9\\x41\"\n      - b#c:d\n      tags: []\n      concept: c-1\n",
            "topic: t\ntitle: T\nquestions:\n  - id: a\n    level: basic\n    minutes: 5\n    prompt: |-\n      x\n       \n      y\n    expected:\n      - |\n        p\n      - q\n    red_flags:\n      - r\n    follow_ups: [f]\n",
            "topic: t\ntitle: T\nquestions:\n  - id: a\n    level: basic\n    minutes: 5\n    prompt: \"p\"\n    expected:\n      - x\n      - y",
        ];
        for text in cases {
            assert!(agrees(text), "declined:\n{text}");
        }
    }

    /// Generated topic files, mostly within the subset and often just outside it, with
    /// random slips: whatever the fast reader accepts, the full parser reads the same.
    #[test]
    fn agrees_with_the_full_parser_on_generated_files() {
        let (mut accepted, mut valid) = (0, 0);
        let cases = std::env::var("FAST_YAML_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(6000);
        for seed in 0..cases {
            let mut rng = Rng::new(seed, "fast-yaml");
            let text = generate(&mut rng);
            if agrees(&text) {
                accepted += 1;
            }
            if full(&text).is_some() {
                valid += 1;
            }
        }
        // The generator must exercise the reader, not only its refusals.
        eprintln!("{accepted} accepted of {valid} valid, {cases} generated");
        assert!(
            accepted * 2 > valid,
            "only {accepted} of {valid} valid files accepted"
        );
    }

    fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
        items[rng.below(items.len() as u64) as usize]
    }

    fn chance(rng: &mut Rng, percent: u64) -> bool {
        rng.below(100) < percent
    }

    const PIECES: &[&str] = &[
        "a", "word", "x y", " ", "é", "漢", "#", " #", ": ", ":", "-", "- ", "'", "\"", "''", "[",
        "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`", "~", "null", "true", "5", "\\",
        "\\n", "\\u00e9", "\\x41", "\\t", "\\q", "\t", "\u{85}", "\u{2028}", "?", "  ", "`code`",
    ];

    const WORDS: &[&str] = &[
        "a", "word", "x y", "é", "漢", "`code`", "(1, 2)", "a-b", "a.b",
    ];

    fn text(rng: &mut Rng) -> String {
        let n = 1 + rng.below(5);
        let noisy = chance(rng, 40);
        (0..n)
            .map(|_| pick(rng, if noisy { PIECES } else { WORDS }))
            .collect()
    }

    fn scalar(rng: &mut Rng, indent: usize) -> String {
        let body = text(rng);
        match rng.below(8) {
            0 => format!("\"{}\"", body.replace('"', "\\\"")),
            1 => format!("'{}'", body.replace('\'', "''")),
            2 => format!("\"{body}\""),
            3 => format!("'{body}'"),
            4 => {
                let header = pick(rng, &["|", "|-", "|+", ">", "|2", "| # c"]);
                let deeper = " ".repeat(indent + 2);
                let mut out = header.to_owned();
                for _ in 0..1 + rng.below(4) {
                    out.push('\n');
                    match rng.below(6) {
                        0 => {}
                        1 => out.push_str(&" ".repeat(rng.below(indent as u64 + 6) as usize)),
                        2 => {
                            out.push_str(&deeper);
                            out.push_str("  ");
                            out.push_str(&text(rng));
                        }
                        _ => {
                            out.push_str(&deeper);
                            out.push_str(&text(rng));
                        }
                    }
                }
                out
            }
            _ => body,
        }
    }

    fn list(rng: &mut Rng, indent: usize) -> String {
        if chance(rng, 30) {
            let items: Vec<String> = (0..rng.below(4)).map(|_| text(rng)).collect();
            return format!(" [{}]", items.join(pick(rng, &[", ", ",", " , "])));
        }
        let at = indent + if chance(rng, 30) { 0 } else { 2 };
        let mut out = String::new();
        for _ in 0..1 + rng.below(3) {
            out.push('\n');
            out.push_str(&" ".repeat(at));
            out.push_str(pick(rng, &["- ", "-  ", "-"]));
            out.push_str(&scalar(rng, at));
        }
        out
    }

    fn question(rng: &mut Rng, indent: usize) -> String {
        let mut keys = vec![
            "id",
            "level",
            "minutes",
            "prompt",
            "expected",
            "concept",
            "tags",
            "red_flags",
        ];
        rng.shuffle(&mut keys);
        if chance(rng, 20) {
            keys.pop();
        }
        let mut lines = Vec::new();
        for key in keys {
            let value = match key {
                "level" => format!(
                    " {}",
                    pick(
                        rng,
                        &["basic", "expert", "Basic", "'basic'", "basic # c", "nope"]
                    )
                ),
                "minutes" => format!(
                    " {}",
                    pick(
                        rng,
                        &["5", "12", "0", "05", "+5", "1_0", "\"5\"", "99999999999"]
                    )
                ),
                "expected" | "tags" | "red_flags" => list(rng, indent),
                "id" | "concept" => format!(" {}", pick(rng, &["a-1", "b", "null", "'q'"])),
                _ => format!(" {}", scalar(rng, indent)),
            };
            lines.push(format!("{key}:{value}"));
        }
        lines.join(&format!("\n{}", " ".repeat(indent)))
    }

    fn generate(rng: &mut Rng) -> String {
        let mut parts = vec![
            format!("topic: {}", pick(rng, &["t", "data-x", "'t'", "T x"])),
            format!("title: {}", scalar(rng, 0)),
        ];
        let seq = if chance(rng, 30) { 0 } else { 2 };
        let dash = pick(rng, &["- ", "-   "]);
        let mut questions = "questions:".to_owned();
        for _ in 0..rng.below(4) {
            let indent = seq + dash.len();
            questions.push('\n');
            questions.push_str(&" ".repeat(seq));
            questions.push_str(dash);
            questions.push_str(&question(rng, indent));
            if chance(rng, 20) {
                questions.push_str("\n\n# note");
            }
        }
        if questions == "questions:" {
            questions.push_str(" []");
        }
        parts.push(questions);
        rng.shuffle(&mut parts);
        let mut text = parts.join("\n") + "\n";
        // A slip: one character inserted somewhere.
        if chance(rng, 25) {
            let bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let at = bytes[rng.below(bytes.len() as u64) as usize];
            text.insert_str(at, pick(rng, &[" ", "\n", "#", ":", "-", "\t", "'", "\""]));
        }
        text
    }
}
