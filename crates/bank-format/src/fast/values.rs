//! A key's value: text on the key's line or in a literal block below it, a list of texts,
//! a level or a number of minutes.

use super::lines::{Line, Reader, is_item, rest_is_empty};
use super::scalar::{flow_list, is_null, scalar};
use crate::{At, Level};

impl<'a> Reader<'a> {
    /// A text value after a key on `line` (the value's text starts at byte `at`): a scalar on
    /// the same line, or a literal block scalar below it. Leaves the reader past the value.
    pub(super) fn string_value(
        &mut self,
        line: Line<'a>,
        at: usize,
        parent: usize,
    ) -> Option<At<String>> {
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
    pub(super) fn list(
        &mut self,
        line: Line<'a>,
        at: usize,
        parent: usize,
    ) -> Option<At<Vec<String>>> {
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
    pub(super) fn level(&mut self, line: Line<'a>, at: usize) -> Option<At<Level>> {
        let (scalar, column) = self.plain_token(line, at)?;
        let level = Level::ALL.into_iter().find(|l| l.name() == scalar)?;
        Some(At::new(level, line.number, column))
    }

    /// `minutes: 5`: a plain whole number without sign, leading zero or separators.
    pub(super) fn minutes(&mut self, line: Line<'a>, at: usize) -> Option<At<u32>> {
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
