//! Hostile and broken input: every bad spec, bank or path in `tests/fixtures/bad/` (and the
//! large or binary ones made here at test time) fails with exit code 1, an `error:` line that
//! names the file (with `:line:column` where the problem has one), a `hint:`, no panic, and no
//! output written. Output names stay inside the output folder whatever the names in the spec.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;

use crate::support::{Run, files_in, fixture, repo, scorecard, scorecard_in};

/// One bad input and what its error must say.
struct Case {
    /// File name in the corpus folder.
    file: &'static str,
    /// `:line:column` right after the file name, or "" when the problem has no position.
    at: &'static str,
    /// Words the error line must contain.
    says: &'static str,
}

const fn case(file: &'static str, at: &'static str, says: &'static str) -> Case {
    Case { file, at, says }
}

/// `tests/fixtures/bad/specs/`, run as `scorecard generate tests/fixtures/bad/specs/<file>`.
const SPECS: &[Case] = &[
    case(
        "a-list.yaml",
        ":2:1",
        "expected `key: value` lines (a mapping) here, found a list",
    ),
    case(
        "bad-indentation.yaml",
        ":4:12",
        "mapping values are not allowed",
    ),
    case(
        "colon-in-value.yaml",
        ":3:15",
        "mapping values are not allowed",
    ),
    case("date-invalid.yaml", ":6:7", "`2026-02-30` is not a date"),
    case(
        "duplicate-key.yaml",
        ":6:1",
        "the key `duration` appears twice",
    ),
    case(
        "duration-absurd.yaml",
        ":5:11",
        "is too large; the most allowed here is 4294967295",
    ),
    case(
        "duration-fraction.yaml",
        ":5:11",
        "`45.5` is not a whole number",
    ),
    case("duration-negative.yaml", ":5:11", "`-5` is negative"),
    case(
        "duration-not-a-number.yaml",
        ":5:11",
        "`forty` is not a whole number",
    ),
    case("duration-null.yaml", "", "missing required key `duration`"),
    case(
        "duration-out-of-range.yaml",
        ":5:11",
        "duration 10080 is out of range",
    ),
    case("empty.yaml", "", "missing required key `role`"),
    case("extends-cycle-a.yaml", ":3:1", "`extends` forms a cycle"),
    case("extends-cycle-b.yaml", ":3:1", "`extends` forms a cycle"),
    case(
        "extends-folder.yaml",
        ":6:1",
        "the base spec `../specs` is a folder",
    ),
    case(
        "extends-missing.yaml",
        ":6:1",
        "the base spec `no-such-base.yaml` does not exist",
    ),
    case("extends-self.yaml", ":3:1", "`extends` forms a cycle"),
    case("just-text.yaml", ":2:1", "found `Platform Engineer`"),
    case(
        "missing-duration.yaml",
        "",
        "missing required key `duration`",
    ),
    case("missing-role.yaml", "", "missing required key `role`"),
    case("mix-all-zero.yaml", "", "every level in `mix` has weight 0"),
    case("only-comments.yaml", "", "missing required key `role`"),
    case(
        "panel-duplicate-name.yaml",
        ":8:11",
        "`Grace Hopper` is on the panel twice",
    ),
    case(
        "panel-focus-outside-topics.yaml",
        ":10:14",
        "which the spec's `topics` leave out",
    ),
    case(
        "questions-absurd.yaml",
        ":6:12",
        "questions 1000 is out of range",
    ),
    case(
        "questions-zero.yaml",
        ":6:12",
        "questions 0 is out of range",
    ),
    case("role-empty.yaml", ":3:7", "`role` is empty"),
    case(
        "role-is-a-list.yaml",
        ":4:3",
        "expected text here, found a list",
    ),
    case("rubric-one-level.yaml", ":7:3", "the rubric has 1 levels"),
    // A bank folder that is not there is reported at the spec's `bank:` line.
    case(
        "bank-missing.yaml",
        ":5:7",
        "the bank folder tests/fixtures/bad/specs/no-such-bank does not exist",
    ),
    case(
        "bank-is-a-file.yaml",
        ":5:7",
        "is not a folder; a bank is a folder",
    ),
    case("seed-negative.yaml", ":6:7", "`-1` is negative"),
    case("tab-indentation.yaml", ":7:2", "tabs"),
    case(
        "topics-is-a-list.yaml",
        ":6:9",
        "expected `key: value` lines (a mapping)",
    ),
    case("two-documents.yaml", ":7:1", "more than one YAML document"),
    case(
        "unclosed-flow.yaml",
        ":3:7",
        "expected text here, found a list",
    ),
    case("unclosed-quote.yaml", ":4:1", "quoted scalar"),
    case(
        "unknown-alias.yaml",
        ":3:7",
        "the alias `*title` refers to no anchor",
    ),
    case(
        "unknown-exclude-id.yaml",
        ":6:28",
        "unknown question id `sorting-basci-2`",
    ),
    case("unknown-key-in-panel.yaml", ":8:5", "unknown key `topcs`"),
    case("unknown-key.yaml", ":6:1", "unknown key `topcis`"),
    case("unknown-level.yaml", ":6:25", "unknown value `advnced`"),
    case("unknown-paper.yaml", ":6:8", "unknown value `a5`"),
    case("unknown-seniority.yaml", ":4:12", "unknown value `senoir`"),
    case("unknown-topic.yaml", ":8:11", "unknown topic `grahps`"),
    case("weight-negative.yaml", ":8:11", "`-1` is negative"),
    case("weights-all-zero.yaml", "", "every topic has weight 0"),
];

/// Specs whose error is about another path than the spec itself: (spec, path named, words).
const SPEC_PATHS: &[(&str, &str, &str)] = &[];

/// `tests/fixtures/bad/topics/`, each added as `zz-<file>` to a copy of the fixture bank.
const TOPICS: &[Case] = &[
    case(
        "duplicate-id.yaml",
        ":5:9",
        "question id `sorting-basic-1` is used twice",
    ),
    case(
        "duplicate-key.yaml",
        ":7:5",
        "the key `level` appears twice",
    ),
    case(
        "duplicate-topic.yaml",
        ":2:8",
        "topic `graphs` is defined twice",
    ),
    case("empty-prompt.yaml", ":8:13", "has an empty prompt"),
    case("empty.yaml", ":1:1", "the file is empty or ends too early"),
    case("expected-is-text.yaml", ":9:15", "expected a list"),
    case(
        "invalid-id.yaml",
        ":5:9",
        "question id `Extra One` is not valid",
    ),
    case(
        "invalid-topic-id.yaml",
        ":2:8",
        "topic id `Queues And Stacks` is not valid",
    ),
    case("just-text.yaml", ":2:1", "unknown key `Queues`"),
    case("minutes-absurd.yaml", ":7:14", "takes 10080 minutes"),
    case("minutes-negative.yaml", ":7:14", "`-3` is negative"),
    case(
        "minutes-not-a-number.yaml",
        ":7:14",
        "`five` is not a whole number",
    ),
    case(
        "missing-prompt.yaml",
        ":8:5",
        "missing required key `prompt`",
    ),
    case(
        "missing-questions.yaml",
        ":3:1",
        "missing required key `questions`",
    ),
    case(
        "one-expected-point.yaml",
        ":10:7",
        "has 1 expected answer point(s)",
    ),
    case("questions-is-a-mapping.yaml", ":5:3", "expected a list"),
    case("tab-indentation.yaml", ":5:9", "tab"),
    case("unclosed-flow.yaml", ":9:15", "unclosed bracket"),
    case("unknown-key.yaml", ":8:5", "unknown key `promt`"),
    case("unknown-level.yaml", ":6:12", "unknown value `advnced`"),
];

/// `tests/fixtures/bad/manifests/`, each replacing `bank.yaml` in a copy of the fixture bank.
const MANIFESTS: &[Case] = &[
    case("empty.yaml", ":1:1", "the file is empty or ends too early"),
    case(
        "missing-version.yaml",
        ":3:1",
        "missing required key `version`",
    ),
    case("unknown-key.yaml", ":3:1", "unknown key `versoin`"),
    case(
        "version-is-a-list.yaml",
        ":3:10",
        "expected text here, found a list",
    ),
];

/// Assert everything a refused input must show: exit code 1, `error: <file><at>: ` first,
/// the expected words, a hint, no panic, and no output folder.
#[track_caller]
fn assert_refused(run: &Run, file: &str, at: &str, says: &str, out: &Path) {
    run.failure();
    let err = run.stderr();
    let first = err.lines().next().unwrap_or_default();
    let prefix = format!("error: {file}{at}");
    // `at` may stop after the line (":9:"); then a column must follow.
    let rest = first.strip_prefix(&prefix).map(|rest| {
        if at.ends_with(':') {
            rest.trim_start_matches(|c: char| c.is_ascii_digit())
        } else {
            rest
        }
    });
    assert!(
        rest.is_some_and(|rest| rest.starts_with(": ")),
        "{:?}: the error should start with {prefix:?} and a colon:\n{err}",
        run.args
    );
    assert!(
        first.contains(says),
        "{:?}: lacks {says:?}:\n{err}",
        run.args
    );
    assert!(
        err.lines().any(|l| l.starts_with("hint: ") && l.len() > 10),
        "{:?}: no hint says what to do:\n{err}",
        run.args
    );
    assert!(
        run.output.stdout.is_empty(),
        "{:?}: printed {}",
        run.args,
        run.stdout()
    );
    assert!(
        !out.exists(),
        "{:?}: the output folder was created",
        run.args
    );
}

/// The fixture bank copied into `dir/bank`, for adding one bad file to it.
fn bank_copy(dir: &Path) -> PathBuf {
    let bank = dir.join("bank");
    std::fs::create_dir_all(&bank).unwrap();
    for entry in std::fs::read_dir(fixture("bank")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), bank.join(entry.file_name())).unwrap();
    }
    bank
}

/// Run `generate` on the fixture spec with the bank at `dir/bank`, writing to `dir/out`.
fn generate_with_bank(dir: &Path) -> Run {
    let spec = fixture("specs/basic.yaml");
    scorecard_in(
        dir,
        &[
            "generate",
            spec.to_str().unwrap(),
            "--bank",
            "bank",
            "--out",
            "out",
        ],
    )
}

#[test]
fn every_bad_spec_is_refused_with_its_place_and_a_hint() {
    for c in SPECS {
        let out = tempfile::tempdir().unwrap();
        let out = out.path().join("out");
        let file = format!("tests/fixtures/bad/specs/{}", c.file);
        let run = scorecard(&["generate", &file, "--out", out.to_str().unwrap()]);
        assert_refused(&run, &file, c.at, c.says, &out);
    }
    for (spec, named, says) in SPEC_PATHS {
        let out = tempfile::tempdir().unwrap();
        let out = out.path().join("out");
        let file = format!("tests/fixtures/bad/specs/{spec}");
        let run = scorecard(&["generate", &file, "--out", out.to_str().unwrap()]);
        assert_refused(&run, named, "", says, &out);
    }
}

#[test]
fn bad_specs_are_refused_by_preview_too() {
    for c in SPECS.iter().filter(|c| !c.at.is_empty()).take(12) {
        let file = format!("tests/fixtures/bad/specs/{}", c.file);
        let run = scorecard(&["preview", &file]);
        run.failure()
            .stderr_has(&format!("error: {file}{}: ", c.at))
            .stderr_has(c.says);
    }
}

#[test]
fn every_bad_topic_file_is_refused_with_its_place_and_a_hint() {
    for c in TOPICS {
        let dir = tempfile::tempdir().unwrap();
        let bank = bank_copy(dir.path());
        let name = format!("zz-{}", c.file);
        std::fs::copy(
            repo(&format!("tests/fixtures/bad/topics/{}", c.file)),
            bank.join(&name),
        )
        .unwrap();
        let run = generate_with_bank(dir.path());
        assert_refused(
            &run,
            &format!("bank/{name}"),
            c.at,
            c.says,
            &dir.path().join("out"),
        );
    }
}

#[test]
fn every_bad_bank_manifest_is_refused_with_its_place_and_a_hint() {
    for c in MANIFESTS {
        let dir = tempfile::tempdir().unwrap();
        let bank = bank_copy(dir.path());
        std::fs::copy(
            repo(&format!("tests/fixtures/bad/manifests/{}", c.file)),
            bank.join("bank.yaml"),
        )
        .unwrap();
        let run = generate_with_bank(dir.path());
        assert_refused(
            &run,
            "bank/bank.yaml",
            c.at,
            c.says,
            &dir.path().join("out"),
        );
    }
}

/// An impossible spec's error names the spec file, the rule and the numbers.
#[test]
fn an_impossible_spec_says_which_rule_fails() {
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("out");
    let run = scorecard(&[
        "generate",
        "tests/fixtures/bad/specs/infeasible.yaml",
        "--out",
        out.to_str().unwrap(),
    ]);
    run.failure()
        .stderr_has(
            "error: tests/fixtures/bad/specs/infeasible.yaml: topic graphs has 3 intermediate question(s) available; this spec needs 7",
        )
        .stderr_has("hint: add intermediate question(s) to the bank");
    assert!(!out.exists());
}

/// A corpus file no table lists would never be run.
#[test]
fn every_corpus_file_has_a_case() {
    let listed = |folder: &str| -> Vec<String> {
        match folder {
            "specs" => SPECS
                .iter()
                .map(|c| c.file)
                .chain(SPEC_PATHS.iter().map(|p| p.0))
                .chain(["infeasible.yaml"])
                .map(str::to_owned)
                .collect(),
            "topics" => TOPICS.iter().map(|c| c.file.to_owned()).collect(),
            _ => MANIFESTS.iter().map(|c| c.file.to_owned()).collect(),
        }
    };
    let mut total = 0;
    for folder in ["specs", "topics", "manifests"] {
        let files = files_in(&fixture(&format!("bad/{folder}")));
        let mut cases = listed(folder);
        cases.sort();
        assert_eq!(
            files, cases,
            "tests/fixtures/bad/{folder} and its table differ"
        );
        total += files.len();
    }
    assert!(total >= 40, "the corpus has only {total} files");
}

// ---------------------------------------------------------------------------------------------
// Inputs made at test time: large, binary, or not files at all.

/// A classic "billion laughs": nine levels of nine aliases, a billion `lol`s if expanded.
fn billion_laughs(first_key: &str) -> String {
    let mut text = format!("{first_key}: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..9u8 {
        let name = char::from(b'a' + level);
        let prev = char::from(b'a' + level - 1);
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    text
}

/// `role: x` etc., then `extra`.
fn spec_with(extra: &str) -> Vec<u8> {
    format!("role: Platform Engineer\nseniority: senior\nduration: 40\n{extra}").into_bytes()
}

/// A topic file with one good question and `extra` appended.
fn topic_with(extra: &str) -> Vec<u8> {
    format!(
        "topic: queues\ntitle: Queues\nquestions:\n  - id: q-1\n    level: basic\n    minutes: 3\n    \
         prompt: What is a queue?\n    expected: [First in first out, Two ends]\n{extra}"
    )
    .into_bytes()
}

/// Bytes of a PNG header followed by pseudo-random junk (no NUL, so only the encoding fails).
fn binary_junk() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut x: u32 = 2026;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        bytes.push(((x >> 16) as u8).max(1));
    }
    bytes
}

/// Spec contents made at test time: (name, bytes, `:line:column` or "", words).
fn generated_specs() -> Vec<(&'static str, Vec<u8>, &'static str, &'static str)> {
    let ten_mb = 10 * 1024 * 1024;
    let mut aliases = spec_with("exclude: [&id sorting-basic-1");
    aliases.extend(b", *id".repeat(5_000));
    aliases.extend(b"]\n");
    let mut fat = spec_with("exclude: [&big \"");
    fat.extend(vec![b'x'; 1_000_000]);
    fat.extend(b"\"");
    fat.extend(b", *big".repeat(999));
    fat.extend(b"]\n");
    let mut nested = spec_with("exclude: ");
    nested.extend(vec![b'['; 100_000]);
    nested.extend(vec![b']'; 100_000]);
    let mut block_nested = spec_with("rubric:\n");
    for depth in 0..1_000 {
        block_nested.extend(vec![b' '; depth]);
        block_nested.extend(b"- \n");
    }
    let mut line = b"role: \"".to_vec();
    line.extend(vec![b'x'; ten_mb]);
    line.extend(b"\"\nseniority: senior\nduration: 40\n");
    vec![
        (
            "ten-mb-line.yaml",
            line,
            "",
            "a spec file may be at most 1048576 bytes",
        ),
        (
            "billion-laughs.yaml",
            billion_laughs("a").into_bytes(),
            ":1:1",
            "unknown key `a`",
        ),
        (
            "many-aliases.yaml",
            aliases,
            ":4:",
            "too many aliases or anchors",
        ),
        (
            "alias-to-a-megabyte.yaml",
            fat,
            ":4:",
            "holds too much data",
        ),
        ("deeply-nested.yaml", nested, ":4:", "nested too deeply"),
        (
            "deeply-nested-block.yaml",
            block_nested,
            ":6:2",
            "expected `key: value` lines",
        ),
        (
            "nul-byte.yaml",
            b"role: Platform\0Engineer\nseniority: senior\nduration: 40\n".to_vec(),
            ":1:15",
            "NUL byte",
        ),
        (
            "invalid-utf8.yaml",
            b"seniority: senior\nrole: Ing\xe9nieur\nduration: 40\n".to_vec(),
            ":2:10",
            "not valid UTF-8",
        ),
        (
            "utf16.yaml",
            b"\xff\xfer\0o\0l\0e\0:\0 \0x\0\n\0".to_vec(),
            ":1:1",
            "not valid UTF-8",
        ),
        ("binary-junk.yaml", binary_junk(), ":1:1", "not valid UTF-8"),
        (
            "long-role.yaml",
            spec_with(&format!("candidate: \"{}\"\n", "Ada ".repeat(200))),
            "",
            "a `candidate` name is 800 characters long",
        ),
    ]
}

#[test]
fn large_binary_and_bomb_specs_are_refused_quickly() {
    for (name, bytes, at, says) in generated_specs() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        let started = Instant::now();
        let run = scorecard_in(
            dir.path(),
            &[
                "generate",
                name,
                "--bank",
                &fixture("bank").to_string_lossy(),
                "--out",
                "out",
            ],
        );
        let took = started.elapsed();
        assert_refused(&run, name, at, says, &dir.path().join("out"));
        // Generous for a debug build on a loaded machine; the release binary takes a few ms.
        assert!(
            took < Duration::from_secs(5),
            "{name} took {took:?} to refuse"
        );
    }
}

#[test]
fn large_binary_and_bomb_topic_files_are_refused_quickly() {
    let mut line = b"topic: queues\ntitle: \"".to_vec();
    line.extend(vec![b'x'; 10 * 1024 * 1024]);
    line.extend(b"\"\nquestions: []\n");
    let mut aliases = topic_with("    tags: [&t x");
    aliases.extend(b", *t".repeat(5_000));
    aliases.extend(b"]\n");
    let mut nul = topic_with("");
    nul.extend(b"  - id: q-2\0\n");
    let mut utf8 = topic_with("");
    utf8.extend(b"  - id: q-\xc3\x28\n");
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "ten-mb-line.yaml",
            line,
            "",
            "a topic file may be at most 8388608 bytes",
        ),
        (
            "billion-laughs.yaml",
            billion_laughs("a").into_bytes(),
            ":1:1",
            "unknown key `a`",
        ),
        (
            "many-aliases.yaml",
            aliases,
            ":9:",
            "too many aliases or anchors",
        ),
        ("nul-byte.yaml", nul, ":9:12", "NUL byte"),
        ("invalid-utf8.yaml", utf8, ":9:11", "not valid UTF-8"),
        ("binary-junk.yaml", binary_junk(), ":1:1", "not valid UTF-8"),
    ];
    for (name, bytes, at, says) in cases {
        let dir = tempfile::tempdir().unwrap();
        let bank = bank_copy(dir.path());
        std::fs::write(bank.join(name), &bytes).unwrap();
        let started = Instant::now();
        let run = generate_with_bank(dir.path());
        let took = started.elapsed();
        assert_refused(
            &run,
            &format!("bank/{name}"),
            at,
            says,
            &dir.path().join("out"),
        );
        assert!(
            took < Duration::from_secs(5),
            "{name} took {took:?} to refuse"
        );
    }
}

#[test]
fn paths_that_are_missing_or_not_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let spec = fixture("specs/basic.yaml");
    let spec = spec.to_str().unwrap();
    std::fs::create_dir(d.join("a-folder.yaml")).unwrap();
    std::fs::write(d.join("a-file"), "name: x\n").unwrap();
    std::fs::create_dir_all(d.join("no-manifest")).unwrap();
    std::fs::write(d.join("no-manifest/t.yaml"), topic_with("")).unwrap();
    std::fs::create_dir_all(d.join("manifest-is-a-folder/bank.yaml")).unwrap();
    std::fs::create_dir_all(d.join("no-topics")).unwrap();
    std::fs::write(d.join("no-topics/bank.yaml"), "name: x\nversion: \"1\"\n").unwrap();
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["no-such-spec.yaml"],
            "no-such-spec.yaml",
            "spec file not found",
        ),
        (
            vec!["a-folder.yaml"],
            "a-folder.yaml",
            "is a folder, not a spec file",
        ),
        (
            vec![spec, "--bank", "no-such-bank"],
            "no-such-bank",
            "bank folder not found",
        ),
        (vec![spec, "--bank", "a-file"], "a-file", "is not a folder"),
        (
            vec![spec, "--bank", "no-manifest"],
            "no-manifest/bank.yaml",
            "this bank has no bank.yaml",
        ),
        (
            vec![spec, "--bank", "manifest-is-a-folder"],
            "manifest-is-a-folder/bank.yaml",
            "this bank has no bank.yaml",
        ),
        (
            vec![spec, "--bank", "no-topics"],
            "no-topics",
            "the bank has no topic files",
        ),
    ];
    #[cfg(unix)]
    let cases = {
        let mut cases = cases;
        // A device reports a length of 0 and never ends: it must be cut off at the size limit.
        cases.push((vec!["/dev/zero"], "/dev/zero", "limit for a spec file"));
        std::os::unix::fs::symlink("loop.yaml", d.join("loop.yaml")).unwrap();
        cases.push((vec!["loop.yaml"], "loop.yaml", "cannot be read"));
        cases
    };
    for (args, named, says) in cases {
        let mut all = vec!["generate"];
        all.extend(args);
        all.extend(["--out", "out"]);
        let run = scorecard_in(d, &all);
        assert_refused(&run, named, "", says, &d.join("out"));
    }
}

#[test]
fn a_huge_candidate_name_on_the_command_line_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("out");
    let spec = fixture("specs/basic.yaml");
    let name = "Ada ".repeat(1_000);
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--candidate",
        &name,
        "--out",
        out.to_str().unwrap(),
    ])
    .failure()
    .stderr_has("error: --candidate is 4000 characters long; at most 500 are allowed")
    .stderr_has("hint: ");
    assert!(!out.exists());
}

// ---------------------------------------------------------------------------------------------
// Output safety

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_in(dir)
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap_or_default();
            (name, bytes)
        })
        .collect()
}

#[test]
fn a_failing_run_leaves_the_output_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    // Files a previous run wrote, one with the very name this run would write.
    std::fs::write(
        out.join("2026-11-24-platform-engineer.pdf"),
        "an earlier card",
    )
    .unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();
    let before = snapshot(&out);
    std::fs::write(
        d.join("clash.yaml"),
        "role: Platform Engineer\nseniority: senior\nduration: 40\nseed: 7\n\
         panel:\n  - name: Grace Hopper\n  - name: grace-hopper\n",
    )
    .unwrap();
    let good = fixture("specs/basic.yaml");
    let good = good.to_str().unwrap();
    let bank = fixture("bank");
    let bank = bank.to_str().unwrap();
    for args in [
        // A bad spec after a good one: nothing of the good one is written either.
        vec![good, "tests/fixtures/bad/specs/unknown-key.yaml"],
        vec!["tests/fixtures/bad/specs/infeasible.yaml"],
        vec!["tests/fixtures/bad/specs/duration-negative.yaml"],
        // Two interviewers whose names make the same file name.
        vec![d.join("clash.yaml").to_str().unwrap(), "--bank", bank],
    ] {
        let mut all = vec!["generate"];
        all.extend(args);
        all.extend(["--date", "2026-11-24", "--out", out.to_str().unwrap()]);
        let run = scorecard(&all);
        run.failure();
        assert_eq!(
            snapshot(&out),
            before,
            "{:?} changed the output folder",
            run.args
        );
    }
}

#[test]
fn a_run_that_fails_while_writing_leaves_no_card_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // A folder where the HTML card should go: the JSON and PDF are complete before the HTML
    // fails, and still none of them may appear.
    std::fs::create_dir(out.join("2026-11-24-platform-engineer.html")).unwrap();
    let spec = fixture("specs/basic.yaml");
    let run = scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--date",
        "2026-11-24",
        "--out",
        out.to_str().unwrap(),
    ]);
    run.failure()
        .stderr_has("2026-11-24-platform-engineer.html")
        .stderr_has("hint: ");
    assert_eq!(files_in(&out), ["2026-11-24-platform-engineer.html"]);
}

#[test]
fn out_that_is_a_file_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::write(&out, "not a folder").unwrap();
    let spec = fixture("specs/basic.yaml");
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .failure()
    .stderr_has("creating output folder")
    .stderr_has("hint: `--out` must name a folder");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "not a folder");
}

/// Windows' reserved device names, which are invalid with any extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Whether `name` is a valid file name on Windows, macOS and Linux.
fn portable_file_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().to_lowercase();
    !name.is_empty()
        && name.len() <= 255
        && name.chars().count() <= 255
        && !name.ends_with('.')
        && !name.ends_with(' ')
        && !name.starts_with('.')
        && !RESERVED.contains(&stem.as_str())
        && name
            .chars()
            .all(|c| !c.is_control() && !"<>:\"/\\|?*".contains(c))
}

#[test]
fn hostile_names_make_safe_file_names_inside_the_folder() {
    let long: String = "Ada Lovelace ".repeat(24).chars().take(300).collect();
    let candidates = [
        "../../x",
        "..",
        "CON",
        "nul",
        "a/b",
        "a\\b",
        "C:\\Windows\\evil",
        "name.pdf.",
        "\u{1}\u{7}\u{1b}[31mred\u{1b}[0m\ttab\nline",
        "\u{202e}fdp.exe",
        "🙂🙂🙂",
        &long,
    ];
    for candidate in candidates {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("deep/out");
        let spec = fixture("specs/basic.yaml");
        scorecard(&[
            "generate",
            spec.to_str().unwrap(),
            "--candidate",
            candidate,
            "--date",
            "2026-11-24",
            "--format",
            "json,html",
            "--out",
            out.to_str().unwrap(),
        ])
        .success();
        let names = files_in(&out);
        assert_eq!(names.len(), 2, "{candidate:?}: {names:?}");
        for name in &names {
            assert!(portable_file_name(name), "{candidate:?} made {name:?}");
            assert!(
                out.join(name).is_file(),
                "{candidate:?}: {name} is not a file"
            );
        }
        // Nothing anywhere else: the temp folder holds only `deep/out`.
        assert_eq!(files_in(dir.path()), ["deep"], "{candidate:?}");
        assert_eq!(files_in(&dir.path().join("deep")), ["out"], "{candidate:?}");
    }
}

#[test]
fn hostile_role_and_interviewer_names_make_safe_file_names_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("spec.yaml"),
        "role: \"../../../etc/passwd\"\nseniority: senior\nduration: 40\nseed: 7\n\
         panel:\n  - name: \"..\\\\..\\\\AUX\"\n  - name: \"lpt1 <>:|?*\"\n",
    )
    .unwrap();
    let bank = fixture("bank");
    let run = scorecard_in(
        dir.path(),
        &[
            "generate",
            "spec.yaml",
            "--bank",
            bank.to_str().unwrap(),
            "--date",
            "2026-11-24",
            "--format",
            "json,html,pdf",
            "--out",
            "out",
        ],
    );
    run.success();
    let names = files_in(&dir.path().join("out"));
    assert_eq!(
        names,
        [
            "2026-11-24-etc-passwd-aux.html",
            "2026-11-24-etc-passwd-aux.pdf",
            "2026-11-24-etc-passwd-lpt1.html",
            "2026-11-24-etc-passwd-lpt1.pdf",
            "2026-11-24-etc-passwd.json",
        ]
    );
    assert!(names.iter().all(|n| portable_file_name(n)));
    assert_eq!(files_in(dir.path()), ["out", "spec.yaml"]);
}

// ---------------------------------------------------------------------------------------------
// Arbitrary text through the three entry points the fuzz targets in tests/fuzz drive, so that
// stable CI covers them too: nothing may panic.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics_the_spec_parser(text in any::<String>()) {
        let _ = scorecard::fuzzing::parse_spec(&text);
    }

    #[test]
    fn yaml_like_text_never_panics_the_spec_parser(
        text in "(role|duration|topics|mix|panel|extends|&a|\\*a|[-:{}\\[\\],#'\" \n\t]|[a-z0-9]{1,6}){0,40}"
    ) {
        let _ = scorecard::fuzzing::parse_spec(&text);
    }

    #[test]
    fn arbitrary_text_never_panics_the_topic_parser(text in any::<String>()) {
        let _ = scorecard::fuzzing::parse_topic(&text);
    }

    #[test]
    fn arbitrary_text_lays_out_within_the_margins(text in any::<String>()) {
        scorecard::fuzzing::layout(&text);
    }

    #[test]
    fn prompt_like_text_lays_out_within_the_margins(
        text in "([a-zA-Z]{1,30}|`|```|\n|  | |[\u{0}-\u{ffff}])*"
    ) {
        scorecard::fuzzing::layout(&text);
    }
}
