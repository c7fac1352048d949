//! The characters a topic file may hold for the fast reader to take it at face value.

/// Whether the text holds only characters the subset takes at face value: no carriage
/// returns, no control characters but tab and newline, no C1 controls, byte order marks,
/// non-characters or Unicode line separators.
pub(super) fn plain_characters(bytes: &[u8]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
