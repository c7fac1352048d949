//! The fuzz targets' bodies, one function each, taking the fuzzer's bytes: `tests/fuzz` wraps
//! each in `fuzz_target!`, and the tests replay every seed input through the same functions,
//! so the targets' checks run on every `cargo test` without a fuzzing toolchain. Also entry
//! points for the hostile-input tests. Not part of the library's API.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::bank::{Bank, TopicData, TopicFile, read_topic_fast};
use crate::spec::{Overrides, SpecFile};

/// A private folder of this process for the files a target writes.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scorecard-fuzz-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

fn bundled() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::bundled().expect("the bundled bank loads"))
}

/// A spec file of arbitrary bytes: read, parsed, extended, resolved against the bundled bank
/// and, when valid, selected from. Nothing may panic or hang.
pub fn spec(data: &[u8]) {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    // A folder of its own, so `extends:` finds nothing but the spec itself.
    let path = PATH.get_or_init(|| scratch("spec").join("spec.yaml"));
    std::fs::write(path, data).expect("write the spec");
    if let Ok((plan, _)) = crate::prepare_with_bank(path, bundled(), &Overrides::default()) {
        let _ = crate::select(&plan, bundled());
    }
}

/// A topic file of arbitrary bytes in an otherwise good bank: read, parsed and checked with
/// every diagnostic. Nothing may panic or hang.
pub fn bank_topic(data: &[u8]) {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = scratch("bank");
        std::fs::write(dir.join("bank.yaml"), "name: fuzz\nversion: \"1\"\n").expect("manifest");
        dir
    });
    std::fs::write(dir.join("topic.yaml"), data).expect("write the topic");
    load_bank_with_diagnostics(dir);
}

/// The fast topic-file reader against the full YAML parser, on text.
pub fn fast_yaml(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_fast_topic_reader(text);
    }
}

/// Arbitrary Unicode laid out as a prompt in the PDF (wrapping by measured widths, inline and
/// fenced code), and made into a file-name slug. Text must stay within the margin, and a slug
/// must be short and hold only letters, digits, their combining marks and dashes.
pub fn pdf_layout(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    layout(text);
    let slug = slug(text);
    assert!(!slug.is_empty() && slug.len() <= 48, "{slug:?}");
    assert!(
        slug.chars().all(|c| c == '-'
            || c.is_alphanumeric()
            || unicode_normalization::char::is_combining_mark(c)),
        "{slug:?}"
    );
    assert!(!slug.starts_with('-') && !slug.ends_with('-'), "{slug:?}");
}

/// Arbitrary bytes read as a results file or a filled scorecard PDF (damaged, truncated,
/// hostile). Reading must end in results that pass their own checks or in an error that names
/// the file: never a panic, never a hang.
pub fn results(data: &[u8]) {
    let path = Path::new("fuzz.pdf");
    match crate::read_results(path, data) {
        Ok(results) => assert!(results.problems().is_empty(), "{:?}", results.problems()),
        Err(error) => assert!(error.to_string().contains("fuzz.pdf"), "{error}"),
    }
}

/// Lay out arbitrary text as a card prompt in the PDF; text must stay within the margin.
pub fn layout(text: &str) {
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
    let _ = Bank::load_with_diagnostics(dir);
}
