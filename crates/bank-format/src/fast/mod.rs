//! A fast reader for the plain YAML that topic files are written in.
//!
//! Topic files use a small part of YAML: `key: value` lines, lists of `- ` items, plain,
//! quoted and literal (`|`) scalars, and comments. This reader understands exactly that part,
//! an order of magnitude faster than a general YAML parser, and gives up (`None`) on anything
//! else: anchors, tags, flow mappings, folded or multi-line plain scalars, tabs in the
//! structure, unknown or repeated keys, values that are not of the expected kind. The caller
//! then parses the file with the full parser, which also produces every error message, so this
//! reader never decides whether a file is valid, only how fast a valid one is read.
//!
//! Whatever it accepts it must read exactly as the full parser does, value and position; tests
//! compare the two on the bundled bank, on generated files and under the fuzzer.

mod characters;
mod lines;
mod scalar;
mod topic;
mod values;

use self::characters::plain_characters;
use self::lines::Reader;
use crate::TopicData;

/// Read a topic file, or `None` when it uses YAML beyond the plain subset.
pub fn read(text: &str) -> Option<TopicData> {
    if !plain_characters(text.as_bytes()) {
        return None;
    }
    Reader::new(text).topic()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declines_what_it_does_not_read_exactly() {
        let cases = [
            "topic: t\ntitle: T\nquestions:\n  - id: a\n    level: basic\n    minutes: 05\n    prompt: p\n    expected: [x, y]\n",
            "topic: t\ntitle: T\nquestions:\n  - id: a\n    level: basic\n    minutes: 5\n    prompt: p\n      continued\n    expected: [x, y]\n",
            "topic: t\ntitle: ~\nquestions: []\n",
            "topic: &a t\ntitle: T\nquestions: []\n",
            "topic: t\ntitle: T\ntitle: U\nquestions: []\n",
            "topic: t\ntitle: T\nquestions: []\nextra: 1\n",
            "topic: t\ntitle: >\n  folded\nquestions: []\n",
            "topic: t\r\ntitle: T\r\nquestions: []\r\n",
            "---\ntopic: t\ntitle: T\nquestions: []\n",
            "topic: t\ntitle: T\t\nquestions: []\n",
        ];
        for text in cases {
            assert!(read(text).is_none(), "accepted:\n{text}");
        }
    }
}
