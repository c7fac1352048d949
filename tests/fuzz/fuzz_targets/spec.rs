//! A spec file of arbitrary bytes: read, parsed, extended, resolved against the bundled bank
//! and, when valid, selected from. Nothing may panic or hang.
//! The body is `scorecard::fuzzing::spec`, which the tests also run over every seed input.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scorecard::fuzzing::spec(data));
