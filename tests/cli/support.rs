//! A small chained helper for running the binary and checking what it did.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder of test fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A file in the repository.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A finished run of the binary.
pub struct Run {
    pub output: Output,
    pub args: Vec<String>,
}

/// Run `scorecard` with `args` in `dir`.
pub fn scorecard_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the binary runs");
    Run {
        output,
        args: args.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// Run `scorecard` with `args` in the repository folder.
pub fn scorecard(args: &[&str]) -> Run {
    scorecard_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Assert success and return self.
    #[track_caller]
    pub fn success(&self) -> &Run {
        assert!(
            self.output.status.success(),
            "scorecard {:?} failed:\n{}",
            self.args,
            self.stderr()
        );
        self
    }

    /// Assert a clean failure: non-zero exit, an `error:` line, no panic.
    #[track_caller]
    pub fn failure(&self) -> &Run {
        assert!(
            !self.output.status.success(),
            "scorecard {:?} should fail; stdout:\n{}",
            self.args,
            self.stdout()
        );
        let err = self.stderr();
        assert!(
            err.starts_with("error: "),
            "no error line for {:?}:\n{err}",
            self.args
        );
        assert!(
            !err.contains("panicked"),
            "panic for {:?}:\n{err}",
            self.args
        );
        assert_eq!(
            self.output.status.code(),
            Some(1),
            "exit code for {:?}",
            self.args
        );
        self
    }

    /// Assert stderr mentions `text`.
    #[track_caller]
    pub fn stderr_has(&self, text: &str) -> &Run {
        let err = self.stderr();
        assert!(
            err.contains(text),
            "stderr of {:?} lacks {text:?}:\n{err}",
            self.args
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, text: &str) -> &Run {
        let out = self.stdout();
        assert!(
            out.contains(text),
            "stdout of {:?} lacks {text:?}:\n{out}",
            self.args
        );
        self
    }
}

/// Every file in `dir` (names), sorted; the ledger a run keeps there is left out.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name != "ledger.jsonl")
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// The text of every page of a PDF, extracted back from its content streams.
pub fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text extracts")
}

/// A JSON file written by a run.
pub fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("json written")).expect("valid JSON")
}

/// Collapse all white space, so wrapped lines compare with the source text.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
