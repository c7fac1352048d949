//! The character sets of the subsets cut and deflated when the tool is built (`build.rs`
//! compiles this file too): printable ASCII and the punctuation the card itself and most
//! question text use for the bold and monospaced faces; the form's wider set for the regular
//! face, whose subset is also the form fields' font. A card whose text stays within these
//! characters, as most do, embeds them without cutting or compressing a font; other cards get
//! a subset of exactly their glyphs.

use std::collections::BTreeSet;

/// The characters beyond printable ASCII.
pub(crate) const EXTRA: &str = "·–—‘’“”•…→≤≥×";

/// Every character of the bold and monospaced faces' common subsets.
#[cfg_attr(not(test), allow(dead_code, reason = "build.rs cuts the subsets"))]
pub(crate) fn chars() -> BTreeSet<char> {
    (' '..='~').chain(EXTRA.chars()).collect()
}

/// The characters text typed into the PDF form can use, and the form's font holds: Latin with
/// Latin-1 and Latin Extended-A, modern Greek, Cyrillic (Russian, Ukrainian, Belarusian,
/// Serbian, Macedonian, Bulgarian) and the punctuation people type. Each character costs
/// about 40 bytes of every card's PDF, so the rest of those scripts and other scripts are left
/// out.
pub(crate) fn form_chars() -> BTreeSet<char> {
    let ranges = [
        (' ', '~'),
        ('\u{A0}', '\u{17F}'),
        ('\u{384}', '\u{3CE}'),
        ('\u{400}', '\u{45F}'),
        ('\u{490}', '\u{491}'),
    ];
    ranges
        .iter()
        .flat_map(|&(from, to)| from..=to)
        .chain("‐‚„†‡‰′″‹›€№™−".chars())
        .chain(EXTRA.chars())
        .collect()
}
