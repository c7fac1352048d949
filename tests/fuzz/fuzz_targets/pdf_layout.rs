//! Arbitrary Unicode laid out as a prompt in the PDF, and made into a file-name slug: text
//! stays within the margin; a slug is short and holds only letters, digits, marks and dashes.
//! The body is `scorecard::fuzzing::pdf_layout`, which the tests also run over every seed input.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scorecard::fuzzing::pdf_layout(data));
