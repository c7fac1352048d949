//! Every fuzz target's seed inputs, replayed through the target's body
//! (`scorecard::fuzzing`): what `cargo fuzz run` starts from must pass, on every `cargo test`.

use std::path::{Path, PathBuf};

use crate::support::{fixture, repo, scorecard};

/// Every file under `dirs`, in a stable order.
fn files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for dir in dirs {
        walk(dir, &mut out);
    }
    assert!(!out.is_empty(), "no seeds in {dirs:?}");
    out
}

fn replay(dirs: &[PathBuf], target: fn(&[u8])) {
    for path in files(dirs) {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| target(&data));
        assert!(outcome.is_ok(), "the seed {} fails", path.display());
    }
}

#[test]
fn spec_seeds() {
    replay(
        &[repo("specs"), fixture("specs"), fixture("bad/specs")],
        scorecard::fuzzing::spec,
    );
}

#[test]
fn bank_topic_seeds() {
    replay(
        &[repo("banks/python"), fixture("bank"), fixture("bad/topics")],
        scorecard::fuzzing::bank_topic,
    );
}

#[test]
fn fast_yaml_seeds() {
    replay(
        &[repo("banks/python"), fixture("bank"), fixture("bad/topics")],
        scorecard::fuzzing::fast_yaml,
    );
}

#[test]
fn pdf_layout_seeds() {
    replay(
        &[repo("banks/python"), fixture("bank"), fixture("scripts")],
        scorecard::fuzzing::pdf_layout,
    );
}

/// The results reader's seeds are made now, so they are this version's: blank cards (roomy
/// and compact), their results as JSON, and a card cut short.
#[test]
fn results_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    for layout in ["roomy", "compact"] {
        let out = dir.path().join(layout);
        scorecard(&[
            "generate",
            fixture("specs/basic.yaml").to_str().unwrap(),
            "--candidate",
            "Zoë",
            "--date",
            "2026-11-24",
            "--layout",
            layout,
            "--format",
            "pdf",
            "--no-ledger",
            "--out",
            out.to_str().unwrap(),
        ])
        .success();
        std::fs::create_dir_all(&seeds).unwrap();
        for pdf in files(&[out]) {
            let bytes = std::fs::read(&pdf).unwrap();
            std::fs::write(seeds.join(format!("{layout}.pdf")), &bytes).unwrap();
            std::fs::write(seeds.join(format!("{layout}-cut.pdf")), &bytes[..20_000]).unwrap();
            let results = scorecard(&["results", pdf.to_str().unwrap()]);
            results.success();
            std::fs::write(
                seeds.join(format!("{layout}-results.json")),
                results.stdout(),
            )
            .unwrap();
        }
    }
    replay(&[seeds], scorecard::fuzzing::results);
}
