//! The characters of each face's common subset: printable ASCII and the punctuation the card
//! itself and most question text use. The subsets are cut and deflated when the tool is built
//! (`build.rs` compiles this file too), so a card whose text stays within these characters,
//! as most do, embeds them without cutting or compressing a font; other cards get a subset of
//! exactly their characters.

use std::collections::BTreeSet;

/// The characters beyond printable ASCII.
pub const EXTRA: &str = "·–—‘’“”•…→≤≥×";

/// Whether `c` is in the common subset.
pub fn contains(c: char) -> bool {
    (' '..='~').contains(&c) || EXTRA.contains(c)
}

/// Every character of the common subset.
pub fn chars() -> BTreeSet<char> {
    (' '..='~').chain(EXTRA.chars()).collect()
}
