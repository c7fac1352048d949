//! The small markup bank text may use: `inline code` in backticks and fenced code blocks.
//! Parsed once here so the PDF and the HTML show the same structure.

use serde::Serialize;

/// A run of text, either plain or code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Span {
    pub text: String,
    pub code: bool,
}

/// A block of a prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum Block {
    /// A paragraph: lines joined by spaces.
    Para { spans: Vec<Span> },
    /// A fenced code block, kept line by line.
    Code { text: String },
}

/// Split text into paragraphs and fenced code blocks. Blank lines end paragraphs; a line
/// starting with a list marker (`- `, `* `, `1. `) starts a new one.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |para: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::Para {
                spans: spans(&para.join(" ")),
            });
            para.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(lines) = &mut code {
            if trimmed.starts_with("```") {
                blocks.push(Block::Code {
                    text: dedent(lines),
                });
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        if trimmed.starts_with("```") {
            flush(&mut para, &mut blocks);
            code = Some(Vec::new());
        } else if trimmed.is_empty() {
            flush(&mut para, &mut blocks);
        } else {
            if starts_list_item(trimmed) {
                flush(&mut para, &mut blocks);
            }
            para.push(line.trim());
        }
    }
    // An unclosed fence still shows its code rather than losing it.
    if let Some(lines) = code {
        blocks.push(Block::Code {
            text: dedent(&lines),
        });
    }
    flush(&mut para, &mut blocks);
    blocks
}

fn starts_list_item(line: &str) -> bool {
    if line.starts_with("- ") || line.starts_with("* ") {
        return true;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(". ")
}

/// Remove the indentation (spaces and tabs) common to all non-blank lines; trailing blank
/// lines go. Other white space, such as an em space, is text, not indentation.
fn dedent(lines: &[&str]) -> String {
    let leading = |l: &str| l.bytes().take_while(|&b| b == b' ' || b == b'\t').count();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| leading(l))
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = lines.iter().map(|l| &l[leading(l).min(indent)..]).collect();
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Split one line of text into plain and `code` spans. An unmatched backtick stays as text.
pub(crate) fn spans(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        let Some(len) = rest[start + 1..].find('`') else {
            break;
        };
        if start > 0 {
            out.push(Span {
                text: rest[..start].to_owned(),
                code: false,
            });
        }
        let inner = &rest[start + 1..start + 1 + len];
        if !inner.is_empty() {
            out.push(Span {
                text: inner.to_owned(),
                code: true,
            });
        }
        rest = &rest[start + 2 + len..];
    }
    if !rest.is_empty() {
        out.push(Span {
            text: rest.to_owned(),
            code: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_is_split_out() {
        let s = spans("use `dict.get` or `in`, not `");
        assert_eq!(s.len(), 5);
        assert!(s[1].code && s[1].text == "dict.get");
        assert_eq!(s[4].text, ", not `");
    }

    #[test]
    fn fences_and_paragraphs() {
        let b = blocks(
            "What does this print?\n\n```python\n  def f():\n      return 1\n```\nExplain.\n- a\n- b\n",
        );
        assert_eq!(b.len(), 5);
        assert_eq!(
            b[1],
            Block::Code {
                text: "def f():\n    return 1".to_owned()
            }
        );
        assert!(matches!(&b[3], Block::Para { spans } if spans[0].text == "- a"));
    }

    #[test]
    fn only_spaces_and_tabs_are_indentation() {
        // A blank line of an em space in an indented block once cut that character in two.
        let b = blocks("```\n  x = 1\n\u{2003}\n  \u{a0}y\n\t\n```");
        assert_eq!(
            b[0],
            Block::Code {
                text: "x = 1\n\n\u{a0}y".to_owned()
            }
        );
    }

    #[test]
    fn unclosed_fence_keeps_its_code() {
        let b = blocks("Look:\n```\nx = 1");
        assert_eq!(
            b[1],
            Block::Code {
                text: "x = 1".to_owned()
            }
        );
    }
}
