//! A spec file of arbitrary bytes: read, parsed, extended, resolved against the bundled bank
//! and, when valid, selected from. Nothing may panic or hang.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use scorecard::{Bank, Overrides};

/// A private folder for this process, so `extends:` finds nothing but the spec itself.
fn spec_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("scorecard-fuzz-spec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp folder");
        dir.join("spec.yaml")
    })
}

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::bundled().expect("the bundled bank loads"))
}

fuzz_target!(|data: &[u8]| {
    let path = spec_path();
    std::fs::write(path, data).expect("write the spec");
    let Ok((plan, _)) = scorecard::prepare_with_bank(path, bank(), &Overrides::default()) else {
        return;
    };
    let _ = scorecard::select(&plan, bank());
});
