//! Arbitrary bytes read as a results file or a filled scorecard PDF (damaged, truncated,
//! hostile). Reading must end in results that pass their own checks or in an error that names
//! the file: never a panic, never a hang.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("fuzz.pdf");
    match scorecard::read_results(path, bytes) {
        Ok(results) => assert!(results.problems().is_empty(), "{:?}", results.problems()),
        Err(error) => assert!(error.to_string().contains("fuzz.pdf"), "{error}"),
    }
});
