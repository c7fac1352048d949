//! A topic file of arbitrary bytes in an otherwise good bank: read, parsed and checked with
//! every diagnostic. Nothing may panic or hang.
//! The body is `scorecard::fuzzing::bank_topic`, which the tests also run over every seed input.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scorecard::fuzzing::bank_topic(data));
