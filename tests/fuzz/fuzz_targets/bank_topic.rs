//! A topic file of arbitrary bytes in an otherwise good bank: read, parsed and checked with
//! every diagnostic. Nothing may panic or hang.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A private bank folder for this process, holding `bank.yaml` and the fuzzed topic file.
fn bank_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("scorecard-fuzz-bank-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp folder");
        std::fs::write(dir.join("bank.yaml"), "name: fuzz\nversion: \"1\"\n").expect("manifest");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = bank_dir();
    std::fs::write(dir.join("topic.yaml"), data).expect("write the topic");
    scorecard::fuzzing::load_bank_with_diagnostics(dir);
});
