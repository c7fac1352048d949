//! Scalars on one line: plain, single- and double-quoted, and flow lists of them.

use super::lines::rest_is_empty;

/// A scalar that ends the line it starts on.
pub(super) struct Scalar {
    pub(super) value: String,
    pub(super) quoted: bool,
}

/// YAML's spellings of null, which the full parser refuses as text.
pub(super) fn is_null(value: &str) -> bool {
    matches!(value, "~" | "null" | "Null" | "NULL")
}

/// A scalar that starts at byte `start` of `text` and ends the line: double-quoted,
/// single-quoted or plain. `None` for anything else.
pub(super) fn scalar(text: &str, start: usize) -> Option<Scalar> {
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
pub(super) fn flow_list(text: &str) -> Option<Vec<String>> {
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
