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

use super::{At, Level, QuestionData, TopicData};

/// Read a topic file, or `None` when it uses YAML beyond the plain subset.
pub(crate) fn read(text: &str) -> Option<TopicData> {
    if !plain_characters(text.as_bytes()) {
        return None;
    }
    Reader {
        text,
        pos: 0,
        end: line_end(text, 0),
        line: 1,
    }
    .topic()
}

/// Whether the text holds only characters the subset takes at face value: no carriage
/// returns, no control characters but tab and newline, no C1 controls, byte order marks,
/// non-characters or Unicode line separators.
fn plain_characters(bytes: &[u8]) -> bool {
    // ASCII controls other than tab and newline, and DEL: checked without early exits, in
    // blocks, so the compiler can use vector instructions.
    let control = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F;
    if bytes
        .chunks(64)
        .any(|block| block.iter().fold(false, |found, &b| found | control(b)))
    {
        return false;
    }
    if bytes.is_ascii() {
        return true;
    }
    // Only the lead bytes of the sequences refused need a closer look.
    let mut i = 0;
    while let Some(offset) = bytes[i..]
        .iter()
        .position(|&b| matches!(b, 0xC2 | 0xE2 | 0xEF))
    {
        i += offset;
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        let third = bytes.get(i + 2).copied().unwrap_or(0);
        let odd = match bytes[i] {
            0xC2 => (0x80..=0x9F).contains(&next),
            0xE2 => next == 0x80 && (third == 0xA8 || third == 0xA9),
            _ => (next == 0xBB && third == 0xBF) || (next == 0xBF && third >= 0xBE),
        };
        if odd {
            return false;
        }
        i += 1;
    }
    true
}

/// A cursor over the text's lines.
struct Reader<'a> {
    text: &'a str,
    /// Byte offsets of the current line's start and end (its newline, or the text's end).
    pos: usize,
    end: usize,
    /// 1-based number of the current line.
    line: u64,
}

/// One line: its text without the newline, and its indentation in spaces.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    indent: usize,
    number: u64,
}

impl Line<'_> {
    /// Whether the line is blank (spaces only) or a comment.
    fn is_skippable(&self) -> bool {
        let rest = &self.text[self.indent..];
        rest.is_empty() || rest.starts_with('#')
    }
}

/// A scalar that ends the line it starts on.
struct Scalar {
    value: String,
    quoted: bool,
}

impl<'a> Reader<'a> {
    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn current(&self) -> Option<Line<'a>> {
        if self.at_end() {
            return None;
        }
        let text = &self.text[self.pos..self.end];
        let indent = text.bytes().take_while(|&b| b == b' ').count();
        Some(Line {
            text,
            indent,
            number: self.line,
        })
    }

    fn advance(&mut self) {
        if !self.at_end() {
            self.pos = self.end + 1;
            self.end = line_end(self.text, self.pos);
            self.line += 1;
        }
    }

    /// The next line that is neither blank nor a comment, left current. Tabs outside literal
    /// scalars are beyond the subset (YAML forbids them in indentation).
    fn next_content(&mut self) -> Option<Option<Line<'a>>> {
        while let Some(line) = self.current() {
            if line.text.contains('\t') {
                return None;
            }
            if !line.is_skippable() {
                return Some(Some(line));
            }
            self.advance();
        }
        Some(None)
    }

    /// 1-based column, in characters, of byte `at` of `line`.
    fn column(line: &Line<'_>, at: usize) -> u64 {
        let before = &line.text[..at];
        if before.is_ascii() {
            at as u64 + 1
        } else {
            before.chars().count() as u64 + 1
        }
    }

    fn topic(mut self) -> Option<TopicData> {
        let mut topic = None;
        let mut title = None;
        let mut questions = None;
        while let Some(line) = self.next_content()? {
            if line.indent != 0 {
                return None;
            }
            let (key, value_at) = key(line.text, 0)?;
            match key {
                "topic" if topic.is_none() => {
                    topic = Some(self.string_value(line, value_at, 0)?);
                }
                "title" if title.is_none() => {
                    title = Some(self.string_value(line, value_at, 0)?.value);
                }
                "questions" if questions.is_none() => {
                    let rest = &line.text[value_at..];
                    self.advance();
                    if rest.trim_start_matches(' ').starts_with("[]") {
                        if !rest.starts_with(' ') || !rest_is_empty(&rest.trim_start()[2..]) {
                            return None;
                        }
                        questions = Some(Vec::new());
                    } else if rest_is_empty(rest) {
                        questions = Some(self.questions(0)?);
                    } else {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        Some(TopicData {
            topic: topic?,
            title: title?,
            questions: questions?,
        })
    }

    /// The block sequence of questions under a key at `parent` indentation.
    fn questions(&mut self, parent: usize) -> Option<Vec<QuestionData>> {
        let first = self.next_content()??;
        if first.indent < parent || !is_item(&first) {
            return None;
        }
        let indent = first.indent;
        let mut out = Vec::new();
        while let Some(line) = self.next_content()? {
            if line.indent < indent || (line.indent == indent && !is_item(&line)) {
                // The list ends; a line level with it must be its parent's next key.
                if line.indent == indent && indent > parent {
                    return None;
                }
                break;
            }
            if line.indent > indent {
                return None;
            }
            // `- key: value`: the mapping's keys line up with the first one.
            let after_dash = &line.text[indent + 1..];
            let spaces = after_dash.bytes().take_while(|&b| b == b' ').count();
            if spaces == 0 || after_dash.len() == spaces {
                return None;
            }
            out.push(self.question(line, indent + 1 + spaces)?);
        }
        Some(out)
    }

    /// One question: a mapping whose first key is on `first` at byte (and column) `indent`.
    fn question(&mut self, first: Line<'a>, indent: usize) -> Option<QuestionData> {
        let mut id = None;
        let mut level = None;
        let mut minutes = None;
        let mut concept = None;
        let mut prompt = None;
        let mut expected = None;
        let mut follow_ups = None;
        let mut red_flags = None;
        let mut tags = None;
        let mut line = first;
        loop {
            let (key, value_at) = key(line.text, indent)?;
            match key {
                "id" if id.is_none() => id = Some(self.string_value(line, value_at, indent)?),
                "level" if level.is_none() => level = Some(self.level(line, value_at)?),
                "minutes" if minutes.is_none() => minutes = Some(self.minutes(line, value_at)?),
                "concept" if concept.is_none() => {
                    concept = Some(self.string_value(line, value_at, indent)?.value);
                }
                "prompt" if prompt.is_none() => {
                    prompt = Some(self.string_value(line, value_at, indent)?);
                }
                "expected" if expected.is_none() => {
                    expected = Some(self.list(line, value_at, indent)?);
                }
                "follow_ups" if follow_ups.is_none() => {
                    follow_ups = Some(self.list(line, value_at, indent)?.value);
                }
                "red_flags" if red_flags.is_none() => {
                    red_flags = Some(self.list(line, value_at, indent)?.value);
                }
                "tags" if tags.is_none() => tags = Some(self.list(line, value_at, indent)?.value),
                _ => return None,
            }
            match self.next_content()? {
                Some(next) if next.indent == indent => line = next,
                Some(next) if next.indent > indent => return None,
                _ => break,
            }
        }
        Some(QuestionData {
            id: id?,
            level: level?,
            minutes: minutes?,
            concept,
            prompt: prompt?,
            expected: expected?,
            follow_ups: follow_ups.unwrap_or_default(),
            red_flags: red_flags.unwrap_or_default(),
            tags: tags.unwrap_or_default(),
        })
    }

    /// A text value after a key on `line` (the value's text starts at byte `at`): a scalar on
    /// the same line, or a literal block scalar below it. Leaves the reader past the value.
    fn string_value(&mut self, line: Line<'a>, at: usize, parent: usize) -> Option<At<String>> {
        let rest = &line.text[at..];
        let skipped = rest.bytes().take_while(|&b| b == b' ').count();
        if skipped == 0 && !rest.is_empty() {
            return None;
        }
        let start = at + skipped;
        if line.text[start..].starts_with('|') {
            return self.literal(line, start, parent);
        }
        let scalar = scalar(line.text, start)?;
        if !scalar.quoted && is_null(&scalar.value) {
            return None;
        }
        let column = Self::column(&line, start);
        self.advance();
        Some(At::new(scalar.value, line.number, column))
    }

    /// A literal block scalar (`|`, `|-`) whose indicator is at byte `at` of `line`.
    fn literal(&mut self, line: Line<'a>, at: usize, parent: usize) -> Option<At<String>> {
        let header = &line.text[at + 1..];
        let (strip, header) = match header.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, header),
        };
        if !rest_is_empty(header) {
            return None;
        }
        self.advance();
        // Leading blank lines, then the first content line sets the indentation.
        let mut leading_blank = 0usize;
        let mut widest_blank = 0usize;
        let first = loop {
            let next = self.current()?;
            if next.indent == next.text.len() {
                widest_blank = widest_blank.max(next.indent);
                leading_blank += 1;
                self.advance();
                continue;
            }
            break next;
        };
        let indent = first.indent;
        if indent <= parent || widest_blank > indent {
            return None;
        }
        let (number, column) = (first.number, indent as u64 + 1);
        let mut value = "\n".repeat(leading_blank);
        // Blank lines are kept back until a content line shows they are inside the scalar.
        let mut pending_blank = 0usize;
        while let Some(next) = self.current() {
            if next.indent == next.text.len() {
                if next.indent > indent {
                    // A line of spaces deeper than the scalar is content inside it, but
                    // trailing ones are read differently by YAML's chomping rules.
                    push_line(&mut value, &mut pending_blank, &next.text[indent..]);
                    self.advance();
                    if self
                        .current()
                        .is_none_or(|l| l.indent == l.text.len() || l.indent < indent)
                    {
                        return None;
                    }
                    continue;
                }
                pending_blank += 1;
                self.advance();
                continue;
            }
            if next.indent < indent {
                break;
            }
            push_line(&mut value, &mut pending_blank, &next.text[indent..]);
            self.advance();
        }
        if strip {
            value.truncate(value.trim_end_matches('\n').len());
        }
        Some(At::new(value, number, column))
    }

    /// A list of text values: `[a, b]` on the key's line, or `- ` items below it.
    fn list(&mut self, line: Line<'a>, at: usize, parent: usize) -> Option<At<Vec<String>>> {
        let rest = &line.text[at..];
        let skipped = rest.bytes().take_while(|&b| b == b' ').count();
        let start = at + skipped;
        if line.text[start..].starts_with('[') {
            if skipped == 0 {
                return None;
            }
            let items = flow_list(&line.text[start..])?;
            let column = Self::column(&line, start);
            self.advance();
            return Some(At::new(items, line.number, column));
        }
        if !rest_is_empty(rest) {
            return None;
        }
        self.advance();
        let first = self.next_content()??;
        if first.indent < parent || !is_item(&first) {
            return None;
        }
        let indent = first.indent;
        // The full parser places a list at its first dash, or, when the dashes line up with
        // the key ("indentless"), at the first item's text.
        let mut column = indent as u64 + 1;
        if indent == parent {
            let after = &first.text[indent + 1..];
            column += 1 + after.bytes().take_while(|&b| b == b' ').count() as u64;
        }
        let number = first.number;
        let mut items = Vec::new();
        while let Some(item) = self.next_content()? {
            if item.indent != indent || !is_item(&item) {
                if item.indent > indent || (item.indent == indent && parent < indent) {
                    return None;
                }
                break;
            }
            let after = &item.text[indent + 1..];
            let spaces = after.bytes().take_while(|&b| b == b' ').count();
            if spaces == 0 {
                return None;
            }
            let start = indent + 1 + spaces;
            if item.text[start..].starts_with('|') {
                items.push(self.literal(item, start, indent)?.value);
                continue;
            }
            let scalar = scalar(item.text, start)?;
            if !scalar.quoted && is_null(&scalar.value) {
                return None;
            }
            items.push(scalar.value);
            self.advance();
        }
        Some(At::new(items, number, column))
    }

    /// `level: basic`: one of the level names, written plainly.
    fn level(&mut self, line: Line<'a>, at: usize) -> Option<At<Level>> {
        let (scalar, column) = self.plain_token(line, at)?;
        let level = Level::ALL.into_iter().find(|l| l.name() == scalar)?;
        Some(At::new(level, line.number, column))
    }

    /// `minutes: 5`: a plain whole number without sign, leading zero or separators.
    fn minutes(&mut self, line: Line<'a>, at: usize) -> Option<At<u32>> {
        let (scalar, column) = self.plain_token(line, at)?;
        let digits = scalar.bytes().all(|b| b.is_ascii_digit());
        if !digits || scalar.is_empty() || (scalar.len() > 1 && scalar.starts_with('0')) {
            return None;
        }
        let minutes: u32 = scalar.parse().ok()?;
        Some(At::new(minutes, line.number, column))
    }

    fn plain_token(&mut self, line: Line<'a>, at: usize) -> Option<(String, u64)> {
        let rest = &line.text[at..];
        let skipped = rest.bytes().take_while(|&b| b == b' ').count();
        if skipped == 0 {
            return None;
        }
        let start = at + skipped;
        let scalar = scalar(line.text, start)?;
        if scalar.quoted {
            return None;
        }
        let column = Self::column(&line, start);
        self.advance();
        Some((scalar.value, column))
    }
}

/// Add a line of a literal scalar, after the blank lines held back before it.
fn push_line(value: &mut String, pending_blank: &mut usize, line: &str) {
    for _ in 0..*pending_blank {
        value.push('\n');
    }
    *pending_blank = 0;
    value.push_str(line);
    value.push('\n');
}

/// Where the line that starts at byte `pos` ends.
fn line_end(text: &str, pos: usize) -> usize {
    text.get(pos..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |end| pos + end)
}

/// A `key:` at byte `indent` of `text`: the key and the byte where its value starts.
fn key(text: &str, indent: usize) -> Option<(&str, usize)> {
    let rest = &text[indent..];
    let len = rest
        .bytes()
        .take_while(|&b| b.is_ascii_lowercase() || b == b'_')
        .count();
    if len == 0 {
        return None;
    }
    let after = &rest[len..];
    let value = after.strip_prefix(':')?;
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((&rest[..len], indent + len + 1))
}

/// Whether a line is a `- ` item of a block sequence.
fn is_item(line: &Line<'_>) -> bool {
    let rest = &line.text[line.indent..];
    rest.starts_with("- ")
}

/// Whether what follows a key or an indicator is nothing but spaces and perhaps a comment.
fn rest_is_empty(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// YAML's spellings of null, which the full parser refuses as text.
fn is_null(value: &str) -> bool {
    matches!(value, "~" | "null" | "Null" | "NULL")
}

/// A scalar that starts at byte `start` of `text` and ends the line: double-quoted,
/// single-quoted or plain. `None` for anything else.
fn scalar(text: &str, start: usize) -> Option<Scalar> {
    let rest = &text[start..];
    let first = rest.bytes().next()?;
    let (value, end, quoted) = match first {
        b'"' => {
            let (value, len) = double_quoted(rest)?;
            (value, start + len, true)
        }
        b'\'' => {
            let (value, len) = single_quoted(rest)?;
            (value, start + len, true)
        }
        _ => {
            let value = plain(rest, false)?;
            return Some(Scalar {
                value: value.to_owned(),
                quoted: false,
            });
        }
    };
    if !rest_is_empty(&text[end..]) {
        return None;
    }
    Some(Scalar { value, quoted })
}

/// A plain scalar filling the rest of a line (up to a comment), or `None` if it is not one
/// that YAML reads as the same text in every position this reader uses it.
fn plain(rest: &str, flow: bool) -> Option<&str> {
    let first = rest.bytes().next()?;
    if matches!(
        first,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b' '
    ) {
        return None;
    }
    let end = rest.find(" #").unwrap_or(rest.len());
    let value = rest[..end].trim_end_matches(' ');
    if value.contains(": ") || value.ends_with(':') {
        return None;
    }
    if flow
        && value
            .bytes()
            .any(|b| matches!(b, b',' | b'[' | b']' | b'{' | b'}' | b':' | b'#'))
    {
        return None;
    }
    Some(value)
}

/// `[a, "b", c]` and nothing after it but a comment: plain or quoted items, none empty.
fn flow_list(text: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let mut i = 1;
    let skip_spaces = |i: usize| i + text[i..].bytes().take_while(|&b| b == b' ').count();
    i = skip_spaces(i);
    if text[i..].starts_with(']') {
        return rest_is_empty(&text[i + 1..]).then_some(items);
    }
    loop {
        let rest = &text[i..];
        match rest.bytes().next()? {
            b'"' => {
                let (value, len) = double_quoted(rest)?;
                items.push(value);
                i += len;
            }
            b'\'' => {
                let (value, len) = single_quoted(rest)?;
                items.push(value);
                i += len;
            }
            _ => {
                let len = rest.find([',', ']'])?;
                let item = rest[..len].trim_end_matches(' ');
                let value = plain(item, true)?;
                if value.len() != item.len() || is_null(value) {
                    return None;
                }
                items.push(value.to_owned());
                i += len;
            }
        }
        i = skip_spaces(i);
        match text[i..].bytes().next()? {
            b',' => i = skip_spaces(i + 1),
            b']' => return rest_is_empty(&text[i + 1..]).then_some(items),
            _ => return None,
        }
    }
}

/// A double-quoted scalar at the start of `text` that closes on the same line: its value and
/// its length in bytes, quotes included. Only the common escapes are read.
fn double_quoted(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut i = 1;
    loop {
        // Copy the run up to the next quote or backslash in one piece.
        let run = bytes[i..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b == b'\t')?;
        value.push_str(&text[i..i + run]);
        i += run;
        match bytes[i] {
            b'"' => return Some((value, i + 1)),
            b'\t' => return None,
            _ => {}
        }
        let escape = *bytes.get(i + 1)?;
        i += 2;
        let decoded = match escape {
            b'\\' => '\\',
            b'"' => '"',
            b'/' => '/',
            b'n' => '\n',
            b't' => '\t',
            b'x' | b'u' | b'U' => {
                let digits = match escape {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = text.get(i..i + digits)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                i += digits;
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                if c.is_control() && c != '\n' && c != '\t' {
                    return None;
                }
                c
            }
            _ => return None,
        };
        value.push(decoded);
    }
}

/// A single-quoted scalar at the start of `text` that closes on the same line.
fn single_quoted(text: &str) -> Option<(String, usize)> {
    let mut value = String::new();
    let bytes = text.as_bytes();
    let mut i = 1;
    let mut run = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            value.push_str(&text[run..i]);
            if bytes.get(i + 1) == Some(&b'\'') {
                value.push('\'');
                i += 2;
                run = i;
                continue;
            }
            return Some((value, i + 1));
        }
        if bytes[i] == b'\t' {
            return None;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::bank::TopicFile;
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

    #[test]
    fn refuses_control_and_separator_characters_anywhere() {
        let line = "topic: t # é — ok\n".repeat(40);
        assert!(plain_characters(line.as_bytes()));
        for odd in [
            "\r", "\u{1}", "\u{7f}", "\u{85}", "\u{9f}", "\u{2028}", "\u{2029}", "\u{feff}",
            "\u{fffe}", "\u{ffff}",
        ] {
            for at in [0, 5, 63, 64, 65, line.len() - 1] {
                let mut text = line.clone();
                text.insert_str(at, odd);
                assert!(!plain_characters(text.as_bytes()), "{odd:?} at {at}");
            }
        }
        assert!(plain_characters(
            "\u{a0}\u{2027}\u{202a}\u{fffd}\t".as_bytes()
        ));
    }

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
