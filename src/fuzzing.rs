//! Entry points for the fuzz targets and the hostile-input tests: internal readers and layout
//! code driven with arbitrary input. Not part of the library's API.

use std::path::Path;

use crate::bank::{TopicData, TopicFile, read_topic_fast};
use crate::spec::SpecFile;

/// Lay out arbitrary text as a card prompt in the PDF; text must stay within the margin.
pub fn pdf_layout(text: &str) {
    crate::render::pdf::fuzz_layout(text);
}

/// The file-name slug of arbitrary text.
pub fn slug(text: &str) -> String {
    crate::render::slug(text)
}

/// Parse text as a spec file; whether it parses.
pub fn parse_spec(text: &str) -> bool {
    crate::yaml::parse::<SpecFile>(Path::new("s.yaml"), text).is_ok()
}

/// Parse text as a bank topic file; whether it parses.
pub fn parse_topic(text: &str) -> bool {
    crate::yaml::parse::<TopicFile>(Path::new("t.yaml"), text).is_ok()
}

/// Whatever the fast topic-file reader accepts, the full YAML parser must read to the same
/// values at the same lines and columns; panics when they differ.
pub fn check_fast_topic_reader(text: &str) {
    if let Some(fast) = read_topic_fast(text) {
        let full = crate::yaml::parse::<TopicFile>(Path::new("t.yaml"), text)
            .map(TopicData::from)
            .ok();
        assert_eq!(Some(fast), full, "the readers differ on {text:?}");
    }
}

/// Load a bank folder collecting every problem; nothing may panic.
pub fn load_bank_with_diagnostics(dir: &Path) {
    let _ = crate::bank::Bank::load_with_diagnostics(dir);
}
