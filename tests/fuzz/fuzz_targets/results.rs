//! Arbitrary bytes read as a results file or a filled scorecard PDF: results that pass their
//! own checks, or an error naming the file; never a panic, never a hang.
//! The body is `scorecard::fuzzing::results`, which the tests also run over every seed input.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scorecard::fuzzing::results(data));
