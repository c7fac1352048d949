//! The fast topic-file reader against the full YAML parser: whatever the fast reader accepts,
//! the full parser must read to the same values at the same lines and columns.
//! The body is `scorecard::fuzzing::fast_yaml`, which the tests also run over every seed input.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scorecard::fuzzing::fast_yaml(data));
