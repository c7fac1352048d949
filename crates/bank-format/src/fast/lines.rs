//! Lines: a cursor over the text's lines, and what a line starts with.

/// A cursor over the text's lines.
pub(super) struct Reader<'a> {
    text: &'a str,
    /// Byte offsets of the current line's start and end (its newline, or the text's end).
    pos: usize,
    end: usize,
    /// 1-based number of the current line.
    line: u64,
}

/// One line: its text without the newline, and its indentation in spaces.
#[derive(Clone, Copy)]
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    pub(super) indent: usize,
    pub(super) number: u64,
}

impl Line<'_> {
    /// Whether the line is blank (spaces only) or a comment.
    fn is_skippable(&self) -> bool {
        let rest = &self.text[self.indent..];
        rest.is_empty() || rest.starts_with('#')
    }
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Reader {
            text,
            pos: 0,
            end: line_end(text, 0),
            line: 1,
        }
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    pub(super) fn current(&self) -> Option<Line<'a>> {
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

    pub(super) fn advance(&mut self) {
        if !self.at_end() {
            self.pos = self.end + 1;
            self.end = line_end(self.text, self.pos);
            self.line += 1;
        }
    }

    /// The next line that is neither blank nor a comment, left current. Tabs outside literal
    /// scalars are beyond the subset (YAML forbids them in indentation).
    pub(super) fn next_content(&mut self) -> Option<Option<Line<'a>>> {
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
    pub(super) fn column(line: &Line<'_>, at: usize) -> u64 {
        let before = &line.text[..at];
        if before.is_ascii() {
            at as u64 + 1
        } else {
            before.chars().count() as u64 + 1
        }
    }
}

/// Where the line that starts at byte `pos` ends.
fn line_end(text: &str, pos: usize) -> usize {
    text.get(pos..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |end| pos + end)
}

/// A `key:` at byte `indent` of `text`: the key and the byte where its value starts.
pub(super) fn key(text: &str, indent: usize) -> Option<(&str, usize)> {
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
pub(super) fn is_item(line: &Line<'_>) -> bool {
    let rest = &line.text[line.indent..];
    rest.starts_with("- ")
}

/// Whether what follows a key or an indicator is nothing but spaces and perhaps a comment.
pub(super) fn rest_is_empty(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}
