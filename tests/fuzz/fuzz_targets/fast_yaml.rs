//! The fast topic-file reader against the full YAML parser: whatever the fast reader accepts,
//! the full parser must read to the same values at the same lines and columns.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    scorecard::fuzzing::check_fast_topic_reader(text);
});
