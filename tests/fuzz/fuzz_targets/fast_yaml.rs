//! The fast topic-file reader against the full YAML parser: whatever the fast reader accepts,
//! the full parser must read to the same values at the same lines and columns.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use scorecard::bank::{TopicData, TopicFile, read_topic_fast};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(fast) = read_topic_fast(text) {
        let full = scorecard::yaml::parse::<TopicFile>(Path::new("t.yaml"), text)
            .map(TopicData::from)
            .ok();
        assert_eq!(Some(fast), full, "the readers differ on {text:?}");
    }
});
