//! Arbitrary Unicode laid out as a prompt in the PDF (wrapping by measured widths, inline and
//! fenced code), and made into a file-name slug. Text must stay within the margin, and a slug
//! must be short and hold only letters, digits and dashes.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    scorecard::fuzzing::pdf_layout(text);
    let slug = scorecard::fuzzing::slug(text);
    assert!(!slug.is_empty() && slug.len() <= 48, "{slug:?}");
    assert!(
        slug.chars().all(|c| c == '-' || c.is_alphanumeric()),
        "{slug:?}"
    );
    assert!(!slug.starts_with('-') && !slug.ends_with('-'), "{slug:?}");
});
