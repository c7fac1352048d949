//! Tools for bank and spec authors: `bank lint`, `bank stats`, `schema`, `init`, `extends`,
//! hints for misspelt names, shell completions and `--help`.

use std::path::Path;

use serde_json::Value;

use crate::support::{fixture, repo, scorecard, scorecard_in};

/// Run in `tests/fixtures/lint`, so paths in messages read `broken/alpha.yaml:8:15`.
fn lint_fixture(bank: &str) -> crate::support::Run {
    scorecard_in(&fixture("lint"), &["bank", "lint", bank])
}

fn yaml_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("readable");
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema_of(kind: &str) -> Value {
    let run = scorecard(&["schema", kind]);
    run.success();
    serde_json::from_str(&run.stdout()).expect("the schema is JSON")
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

// ---------------------------------------------------------------------------------------------
// bank lint

#[test]
fn lint_reports_every_problem_with_its_place_in_one_run() {
    let run = lint_fixture("broken");
    run.failure().stderr_has("the bank broken has 12 error(s)");
    for line in [
        // Problems the loader finds, each at its own line and column.
        "broken/alpha.yaml:8:15: error: question `alpha-no-points` has 0 expected answer point(s)",
        "broken/alpha.yaml:15:7: error: question `alpha-one-point` has 1 expected answer point(s)",
        "broken/alpha.yaml:19:14: error: question `alpha-zero-minutes` takes 0 minutes",
        "broken/alpha.yaml:25:14: error: question `alpha-marathon` takes 90 minutes",
        "broken/beta.yaml:4:9: error: question id `shared-id` is used twice",
        "hint: it is first used at broken/alpha.yaml:60:9",
        // Near-duplicates, within a file and across files, reported as a pair.
        "broken/alpha.yaml:37:9: error: the prompt of `alpha-cache-copy` is a near-duplicate of `alpha-cache-original`",
        "hint: `alpha-cache-original` is at broken/alpha.yaml:29:9",
        "broken/beta.yaml:10:9: error: the prompt of `beta-rate-limiter` is a near-duplicate of `alpha-marathon`",
        // Several schema errors in one file, and a duplicate id among its good questions.
        "broken/gamma.yaml:5:12: error: unknown value `advnced`",
        "hint: did you mean `advanced`?",
        "broken/gamma.yaml:13:5: error: unknown key `promt`",
        "hint: did you mean `prompt`?",
        "broken/gamma.yaml:16:9: error: question id `alpha-one-point` is used twice",
        // A topic file without `topic`, and broken YAML.
        "broken/notopic.yaml:1:1: error: missing required key `topic`",
        "broken/syntax.yaml:8:5: error: ",
        // Thin cells are warnings.
        "broken/alpha.yaml:1:8: warning: topic `alpha` has 1 expert question(s); a principal interview focused on it needs about 4",
        "broken/beta.yaml:1:8: warning: topic `beta` has 0 basic question(s)",
        "broken: 13 question(s) in 2 topic(s): 12 error(s), 7 warning(s)",
    ] {
        run.stdout_has(line);
    }
    // Identical prompts that share a concept are variants, not duplicates.
    assert!(
        !run.stdout().contains("alpha-stable-sort"),
        "{}",
        run.stdout()
    );
    // Sorted by place: file, then line.
    let stdout = run.stdout();
    let places: Vec<(String, u64)> = stdout
        .lines()
        .filter(|l| l.starts_with("broken/"))
        .map(|l| {
            let mut parts = l.split(':');
            let file = parts.next().unwrap_or_default().to_owned();
            (file, parts.next().and_then(|n| n.parse().ok()).unwrap_or(0))
        })
        .collect();
    assert_eq!(places.len(), 19, "{stdout}");
    assert!(places.windows(2).all(|w| w[0] <= w[1]), "{places:?}");
}

#[test]
fn a_clean_bank_passes_with_nothing_to_say() {
    let run = lint_fixture("clean");
    run.success();
    assert_eq!(
        run.stdout(),
        "clean: 13 question(s) in 1 topic(s): 0 error(s), 0 warning(s)\n"
    );
}

#[test]
fn warnings_alone_do_not_fail() {
    let run = scorecard(&["bank", "lint", "tests/fixtures/bank"]);
    run.success()
        .stdout_has(
            "tests/fixtures/bank/graphs.yaml:1:8: warning: topic `graphs` has 3 expert question(s)",
        )
        .stdout_has("0 error(s), 3 warning(s)");
}

#[test]
fn the_bundled_bank_is_clean() {
    for args in [&["bank", "lint", "banks/python"][..], &["bank", "lint"][..]] {
        let run = scorecard(args);
        run.success()
            .stdout_has("414 question(s) in 20 topic(s): 0 error(s), 0 warning(s)");
        assert!(!run.stdout().contains(": error:"), "{}", run.stdout());
    }
}

#[test]
fn lint_of_a_missing_folder_says_so() {
    scorecard(&["bank", "lint", "no/such/bank"])
        .failure()
        .stderr_has("no/such/bank: bank folder not found");
}

#[test]
fn near_duplicates_are_found_among_thousands_of_questions() {
    // A generated bank: every prompt different, except two planted near-copies.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bank.yaml", "name: big\nversion: '1'\n");
    let words: Vec<String> = (0..400).map(|i| format!("w{i}x")).collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let levels = ["basic", "intermediate", "advanced", "expert"];
    let mut planted: Vec<Vec<&str>> = Vec::new();
    for t in 0..10 {
        let mut text = format!("topic: t{t}\ntitle: Topic {t}\nquestions:\n");
        for q in 0..300 {
            let mut prompt: Vec<&str> = (0..18)
                .map(|_| words[(next() % 400) as usize].as_str())
                .collect();
            if (t, q) == (7, 250) || (t, q) == (9, 10) {
                // Copy question (0, 5) with one word changed, a different one in each copy.
                prompt = planted[0].clone();
                prompt[if t == 7 { 9 } else { 3 }] = "changed";
            }
            if (t, q) == (0, 5) {
                planted.push(prompt.clone());
            }
            text.push_str(&format!(
                "  - id: t{t}-q{q}\n    level: {}\n    minutes: 5\n    prompt: {}\n    expected: [one, two]\n",
                levels[q % 4],
                prompt.join(" ")
            ));
        }
        write(dir.path(), &format!("t{t}.yaml"), &text);
    }
    let run = scorecard(&["bank", "lint", dir.path().to_str().unwrap()]);
    run.failure();
    let stdout = run.stdout();
    let found: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("near-duplicate"))
        .collect();
    assert_eq!(found.len(), 2, "{}", run.stdout());
    assert!(found[0].contains("the prompt of `t7-q250` is a near-duplicate of `t0-q5`"));
    assert!(found[1].contains("the prompt of `t9-q10` is a near-duplicate of `t0-q5`"));
}

// ---------------------------------------------------------------------------------------------
// bank stats

#[test]
fn stats_prints_the_coverage_matrix() {
    let run = scorecard_in(&fixture("lint"), &["bank", "stats", "clean"]);
    run.success();
    assert_eq!(
        run.stdout(),
        "bank clean 2026.1.0 · A small bank with no problems · 13 question(s), 83 minute(s) in 1 topic(s)

topic  basic  intermediate  advanced  expert  total
http    3/10          3/16      3/20    4/37  13/83
-----  -----  ------------  --------  ------  -----
total   3/10          3/16      3/20    4/37  13/83

cells: questions/minutes
"
    );
}

#[test]
fn stats_marks_thin_cells() {
    let run = scorecard(&["bank", "stats", "tests/fixtures/bank"]);
    run.success()
        .stdout_has("3/")
        .stdout_has("!: too few questions for a focused interview");
    let graphs = run
        .stdout()
        .lines()
        .find(|l| l.starts_with("graphs "))
        .map(str::to_owned)
        .expect("a graphs row");
    let cells: Vec<&str> = graphs.split_whitespace().collect();
    assert!(cells[4].ends_with('!'), "expert cell of {graphs:?}");
    assert!(!cells[1].ends_with('!'), "basic cell of {graphs:?}");
}

#[test]
fn stats_as_json() {
    let run = scorecard_in(&fixture("lint"), &["bank", "stats", "clean", "--json"]);
    run.success();
    let stats: Value = serde_json::from_str(&run.stdout()).expect("JSON");
    assert_eq!(stats["bank"]["name"], "clean");
    assert_eq!(stats["bank"]["version"], "2026.1.0");
    let http = &stats["topics"][0];
    assert_eq!(http["topic"], "http");
    assert_eq!(http["title"], "HTTP and the web");
    assert_eq!(http["levels"]["expert"]["questions"], 4);
    assert_eq!(http["levels"]["expert"]["minutes"], 37);
    assert_eq!(http["levels"]["basic"]["thin"], false);
    assert_eq!(http["total"]["questions"], 13);
    assert_eq!(stats["levels"]["advanced"]["minutes"], 20);
    assert_eq!(stats["total"]["minutes"], 83);

    let bundled = scorecard(&["bank", "stats", "--json"]);
    bundled.success();
    let bundled: Value = serde_json::from_str(&bundled.stdout()).expect("JSON");
    assert_eq!(bundled["total"]["questions"], 414);
    assert_eq!(bundled["topics"].as_array().map(Vec::len), Some(20));
}

#[test]
fn stats_of_a_broken_bank_points_to_lint() {
    scorecard_in(&fixture("lint"), &["bank", "stats", "broken"])
        .failure()
        .stderr_has("hint: ")
        .stderr_has("run `scorecard bank lint broken` to list every problem");
}

// ---------------------------------------------------------------------------------------------
// schema

#[test]
fn the_committed_spec_schema_is_the_generated_one() {
    let run = scorecard(&["schema", "spec"]);
    run.success();
    let committed = std::fs::read_to_string(repo("specs/spec.schema.json")).unwrap();
    assert_eq!(
        run.stdout(),
        committed,
        "specs/spec.schema.json is stale: run `scorecard schema spec > specs/spec.schema.json`"
    );
}

#[test]
fn schemas_are_valid_draft_2020_12() {
    for kind in ["spec", "bank"] {
        let schema = schema_of(kind);
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        jsonschema::draft202012::meta::validate(&schema)
            .unwrap_or_else(|e| panic!("the {kind} schema is not valid: {e}"));
    }
}

#[test]
fn example_specs_point_at_the_schema_and_follow_it() {
    let validator = jsonschema::draft202012::new(&schema_of("spec")).unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(repo("specs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{} lacks the schema line", path.display()));
        assert!(
            path.parent().unwrap().join(target).is_file(),
            "{} names a missing schema {target}",
            path.display()
        );
        let spec = yaml_as_json(&path);
        let errors: Vec<String> = validator
            .iter_errors(&spec)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} example specs");
}

#[test]
fn the_spec_schema_rejects_what_the_parser_rejects() {
    let validator = jsonschema::draft202012::new(&schema_of("spec")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (bad, message) in [
        (
            "role: X\nseniority: senior\nduration: 60\ntopcis: {oop: 1}\n",
            "unknown key `topcis`",
        ),
        (
            "role: X\nseniority: senoir\nduration: 60\n",
            "unknown value `senoir`",
        ),
        (
            "role: X\nseniority: senior\nduration: 60\nmix: {advnced: 100}\n",
            "unknown value `advnced`",
        ),
        (
            "role: X\nseniority: senior\nduration: 60\npaper: a5\n",
            "unknown value `a5`",
        ),
        ("role: X\nseniority: senior\nduration: -5\n", ""),
        (
            "role: X\nseniority: senior\nduration: 60\npanel: [{name: A, topcs: [oop]}]\n",
            "unknown key `topcs`",
        ),
    ] {
        let path = write(dir.path(), "bad.yaml", bad);
        assert!(
            !validator.is_valid(&yaml_as_json(&path)),
            "the schema accepts {bad:?}"
        );
        scorecard(&["preview", path.to_str().unwrap()])
            .failure()
            .stderr_has(message);
    }
}

#[test]
fn bank_files_follow_the_bank_schema() {
    let validator = jsonschema::draft202012::new(&schema_of("bank")).unwrap();
    let mut checked = 0;
    for dir in [
        "banks/python",
        "tests/fixtures/bank",
        "tests/fixtures/lint/clean",
    ] {
        for entry in std::fs::read_dir(repo(dir)).unwrap() {
            let path = entry.unwrap().path();
            let value = yaml_as_json(&path);
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 20);
    for bad in ["gamma.yaml", "notopic.yaml"] {
        let value = yaml_as_json(&fixture("lint/broken").join(bad));
        assert!(!validator.is_valid(&value), "the schema accepts {bad}");
    }
}

// ---------------------------------------------------------------------------------------------
// init

#[test]
fn init_generates_as_it_is_for_every_seniority() {
    let spec_schema = jsonschema::draft202012::new(&schema_of("spec")).unwrap();
    for seniority in ["junior", "mid", "senior", "staff", "principal"] {
        let dir = tempfile::tempdir().unwrap();
        let run = scorecard(&["init", "--seniority", seniority]);
        run.success()
            .stdout_has(&format!("\nseniority: {seniority}\n"))
            .stdout_has("# mix: {basic: ");
        let spec = write(dir.path(), "spec.yaml", &run.stdout());
        assert!(spec_schema.is_valid(&yaml_as_json(&spec)), "{seniority}");
        let out = dir.path().join("out");
        scorecard(&[
            "generate",
            spec.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "json",
            "--date",
            "2026-11-24",
        ])
        .success();
        let written = crate::support::files_in(&out);
        assert_eq!(written.len(), 1, "{seniority}");
        let edition = crate::support::json(&out.join(&written[0]));
        assert_eq!(edition["seniority"], seniority);
        assert!(
            !edition["scorecards"][0]["questions"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }
    scorecard(&["init"])
        .success()
        .stdout_has("\nseniority: senior\n");
}

#[test]
fn init_rejects_an_unknown_seniority_with_a_suggestion() {
    let run = scorecard(&["init", "--seniority", "senoir"]);
    assert_eq!(run.output.status.code(), Some(2));
    run.stderr_has("invalid value 'senoir'")
        .stderr_has("a similar value exists: 'senior'");
}

// ---------------------------------------------------------------------------------------------
// extends

#[test]
fn extends_merges_a_base_and_overrides_only_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.yaml",
        "role: Python Engineer\nseniority: mid\nduration: 45\ntopics: {oop: 1, testing: 1}\nseed: 11\n",
    );
    let child = write(
        dir.path(),
        "senior.yaml",
        "extends: base.yaml\nrole: Senior Python Engineer\nseniority: senior\n",
    );
    let out = dir.path().join("out");
    scorecard(&[
        "generate",
        child.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
        "--date",
        "2026-11-24",
    ])
    .success();
    let edition: Value = serde_json::from_slice(
        &std::fs::read(out.join("2026-11-24-senior-python-engineer.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(edition["seniority"], "senior");
    assert_eq!(edition["seed"], 11);
    let questions = edition["scorecards"][0]["questions"].as_array().unwrap();
    assert!(
        questions
            .iter()
            .all(|q| q["topic"] == "oop" || q["topic"] == "testing")
    );
    assert!(edition["scorecards"][0]["total_minutes"].as_u64().unwrap() <= 45);
}

#[test]
fn an_extends_cycle_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", "extends: b.yaml\nrole: A\n");
    write(dir.path(), "b.yaml", "extends: a.yaml\nseniority: senior\n");
    scorecard(&["preview", a.to_str().unwrap()])
        .failure()
        .stderr_has("`extends` forms a cycle")
        .stderr_has("a.yaml -> ")
        .stderr_has("b.yaml -> ");
    let me = write(dir.path(), "me.yaml", "extends: me.yaml\n");
    scorecard(&["preview", me.to_str().unwrap()])
        .failure()
        .stderr_has("`extends` forms a cycle");
}

#[test]
fn a_missing_base_spec_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write(
        dir.path(),
        "spec.yaml",
        "role: A\nextends: nowhere/base.yaml\nseniority: senior\nduration: 60\n",
    );
    scorecard(&["preview", spec.to_str().unwrap()])
        .failure()
        .stderr_has("spec.yaml:2:1: the base spec `nowhere/base.yaml` does not exist")
        .stderr_has("hint: `extends` is relative to this file's folder");
}

#[test]
fn example_specs_extend_the_base() {
    for level in ["junior", "mid", "senior", "staff", "principal"] {
        let path = repo(&format!("specs/{level}-python.yaml"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\nextends: base.yaml\n"),
            "{}",
            path.display()
        );
        scorecard(&["preview", path.to_str().unwrap(), "--date", "2026-11-24"]).success();
    }
}

// ---------------------------------------------------------------------------------------------
// Hints for misspelt names

#[test]
fn misspelt_names_get_the_nearest_valid_one() {
    let dir = tempfile::tempdir().unwrap();
    let base = "role: X\nseniority: senior\nduration: 60\n";
    for (extra, place, message, hint) in [
        (
            "topics: {concurency: 1}\n",
            ":4:",
            "unknown topic `concurency`",
            "did you mean `concurrency`?",
        ),
        (
            "mix: {advnced: 100}\n",
            ":4:",
            "unknown value `advnced`",
            "did you mean `advanced`?",
        ),
        (
            "topcis: {oop: 1}\n",
            ":4:1:",
            "unknown key `topcis`",
            "did you mean `topics`?",
        ),
        (
            "panel: [{name: A, topics: [asynk]}]\n",
            ":4:",
            "unknown topic `asynk`",
            "did you mean `async`?",
        ),
        (
            "exclude: [concurrency-gil-basic]\n",
            ":4:",
            "unknown question id",
            "did you mean `concurrency-gil-basics`?",
        ),
    ] {
        let path = write(dir.path(), "spec.yaml", &format!("{base}{extra}"));
        scorecard(&["preview", path.to_str().unwrap()])
            .failure()
            .stderr_has(&format!("spec.yaml{place}"))
            .stderr_has(message)
            .stderr_has(&format!("hint: {hint}"));
    }
    let path = write(
        dir.path(),
        "spec.yaml",
        "role: X\nseniority: senoir\nduration: 60\n",
    );
    scorecard(&["preview", path.to_str().unwrap()])
        .failure()
        .stderr_has("spec.yaml:2:12: unknown value `senoir`")
        .stderr_has("hint: did you mean `senior`?");
}

// ---------------------------------------------------------------------------------------------
// Completions and help

#[test]
fn completions_for_bash_zsh_and_fish() {
    for (shell, marker) in [
        ("bash", "complete -F _scorecard"),
        ("zsh", "#compdef scorecard"),
        ("fish", "complete -c scorecard"),
    ] {
        let run = scorecard(&["completions", shell]);
        run.success()
            .stdout_has(marker)
            .stdout_has("lint")
            .stdout_has("stats")
            .stdout_has("seniority");
    }
    // The bash script must at least parse.
    let script = scorecard(&["completions", "bash"]).stdout();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "scorecard.bash", &script);
    if let Ok(status) = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .status()
    {
        assert!(status.success(), "bash -n rejects the completion script");
    }
    scorecard(&["completions", "tcsh"]).stderr_has("possible values");
}

#[test]
fn every_command_has_help_that_reads_well() {
    let top = scorecard(&["--help"]);
    top.success().stdout_has("Usage: scorecard <COMMAND>");
    for command in [
        "generate",
        "preview",
        "bank",
        "schema",
        "init",
        "completions",
    ] {
        let line = top
            .stdout()
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{command} ")))
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("`{command}` is not listed"));
        assert!(
            line.split_whitespace().count() > 3,
            "`{command}` has no description: {line:?}"
        );
    }
    for args in [
        &["generate"][..],
        &["preview"],
        &["bank"],
        &["bank", "lint"],
        &["bank", "stats"],
        &["schema"],
        &["init"],
        &["completions"],
    ] {
        let mut with_help = args.to_vec();
        with_help.push("--help");
        let run = scorecard(&with_help);
        run.success()
            .stdout_has(&format!("Usage: scorecard {}", args.join(" ")));
        // The first line says what the command does, as a sentence.
        let about = run.stdout().lines().next().unwrap_or_default().to_owned();
        assert!(
            about.split_whitespace().count() >= 4 && about.starts_with(char::is_uppercase),
            "{args:?}: {about:?}"
        );
    }
    scorecard(&["bank", "lint", "--help"])
        .stdout_has("near-duplicate prompts")
        .stdout_has("Example:\n  scorecard bank lint banks/python");
    scorecard(&["init", "--help"])
        .stdout_has("[possible values: junior, mid, senior, staff, principal]");
}
