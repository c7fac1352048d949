//! What the tool remembers: the ledger every run appends to, `history`, `avoid_asked`, the
//! questions swapped for exclusions, exposure in `bank stats`, and no silent overwrite.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::support::{files_in, fixture, json, pdf_text, scorecard, squash};

fn ledger_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every ledger line is whole JSON"))
        .collect()
}

fn generate(out: &Path, candidate: &str, date: &str, extra: &[&str]) -> crate::support::Run {
    let spec = fixture("specs/basic.yaml");
    let mut args = vec![
        "generate",
        spec.to_str().unwrap(),
        "--candidate",
        candidate,
        "--date",
        date,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    scorecard(&args)
}

fn ids(card: &Value) -> BTreeSet<String> {
    card["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_card_of_another_candidate_is_never_replaced_silently() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    generate(out, "José Núñez", "2026-11-24", &[]).success();
    let pdf = out.join("2026-11-24-platform-engineer-jose-nunez.pdf");
    let before = std::fs::read(&pdf).unwrap();
    // Folds to the same file names: refused before anything is written.
    generate(out, "Jose Nunez", "2026-11-24", &[])
        .failure()
        .stderr_has("José Núñez")
        .stderr_has("Jose Nunez")
        .stderr_has("2026-11-24-platform-engineer-jose-nunez")
        .stderr_has("--force");
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    assert_eq!(
        ledger_lines(&out.join("ledger.jsonl")).len(),
        1,
        "a failed run records nothing"
    );
    // The same card again is fine, and so is the other one with --force.
    generate(out, "José Núñez", "2026-11-24", &[]).success();
    generate(out, "Jose Nunez", "2026-11-24", &["--force"]).success();
    assert_ne!(std::fs::read(&pdf).unwrap(), before);
    // A file this tool did not write is not replaced either.
    std::fs::write(
        out.join("2026-11-24-platform-engineer-ada.html"),
        "<p>notes</p>",
    )
    .unwrap();
    generate(out, "Ada", "2026-11-24", &[])
        .failure()
        .stderr_has("not a scorecard");
    assert_eq!(
        std::fs::read_to_string(out.join("2026-11-24-platform-engineer-ada.html")).unwrap(),
        "<p>notes</p>"
    );
}

#[test]
fn every_card_written_is_a_ledger_line() {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("specs/panel.yaml");
    let out = dir.path().join("cards");
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--candidate",
        "Ada Lovelace",
        "--date",
        "2026-11-24",
        "--out",
        out.to_str().unwrap(),
    ])
    .success();
    let lines = ledger_lines(&out.join("ledger.jsonl"));
    assert_eq!(lines.len(), 3, "one line per interviewer's card");
    let edition = json(&out.join("2026-11-24-platform-engineer-ada-lovelace.json"));
    for (line, card) in lines.iter().zip(edition["scorecards"].as_array().unwrap()) {
        assert_eq!(line["candidate"], "Ada Lovelace");
        assert_eq!(line["candidate_id"], "Ada Lovelace");
        assert_eq!(line["date"], "2026-11-24");
        assert_eq!(line["role"], "Platform Engineer");
        assert_eq!(line["seniority"], "mid");
        assert_eq!(line["fingerprint"], edition["fingerprint"]);
        assert_eq!(line["interviewer"], card["interviewer"]);
        let asked: BTreeSet<String> = line["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(asked, ids(card));
        let files: Vec<&str> = line["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(files.len(), 3, "{files:?}");
        for f in files {
            assert!(out.join(f).is_file(), "{f}");
        }
    }
    // --no-ledger records nothing; --ledger names another file.
    let quiet = dir.path().join("quiet");
    let shared = dir.path().join("team").join("shared.jsonl");
    let basic = fixture("specs/basic.yaml");
    scorecard(&[
        "generate",
        basic.to_str().unwrap(),
        "--out",
        quiet.to_str().unwrap(),
        "--no-ledger",
    ])
    .success();
    assert!(!quiet.join("ledger.jsonl").exists());
    scorecard(&[
        "generate",
        basic.to_str().unwrap(),
        "--out",
        quiet.to_str().unwrap(),
        "--ledger",
        shared.to_str().unwrap(),
    ])
    .success();
    assert_eq!(ledger_lines(&shared).len(), 1);
    assert!(!quiet.join("ledger.jsonl").exists());
}

#[test]
fn runs_writing_at_once_lose_no_ledger_line() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.jsonl");
    let spec = fixture("specs/panel.yaml");
    let children: Vec<std::process::Child> = (0..16)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_scorecard"))
                .args([
                    "generate",
                    spec.to_str().unwrap(),
                    "--candidate",
                    &format!("Candidate {i}"),
                    "--date",
                    "2026-11-24",
                    "--format",
                    "json",
                    "--out",
                    dir.path().join(format!("out{i}")).to_str().unwrap(),
                    "--ledger",
                    ledger.to_str().unwrap(),
                ])
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("the binary starts")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let lines = ledger_lines(&ledger);
    assert_eq!(lines.len(), 16 * 3);
    let candidates: BTreeSet<&str> = lines
        .iter()
        .map(|l| l["candidate"].as_str().unwrap())
        .collect();
    assert_eq!(candidates.len(), 16);
}

#[test]
fn avoid_asked_swaps_only_what_the_candidate_was_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    generate(out, "Ada Lovelace", "2026-11-02", &["--format", "json"]).success();
    let first = json(&out.join("2026-11-02-platform-engineer-ada-lovelace.json"));
    let asked = ids(&first["scorecards"][0]);
    // Another candidate, or Ada without --avoid-asked, gets the same questions.
    generate(
        out,
        "Grace Hopper",
        "2026-11-24",
        &["--format", "json", "--avoid-asked"],
    )
    .success()
    .stderr_has("no earlier cards");
    let other = json(&out.join("2026-11-24-platform-engineer-grace-hopper.json"));
    assert_eq!(ids(&other["scorecards"][0]), asked);
    assert_eq!(other["fingerprint"], first["fingerprint"]);
    // Ada again, her name typed differently: nothing she was asked comes back.
    generate(out, "ADA  lovelace", "2026-11-24", &["--avoid-asked"])
        .success()
        .stderr_has("on 1 card(s)")
        .stderr_has("2026-11-02 Platform Engineer");
    let again = json(&out.join("2026-11-24-platform-engineer-ada-lovelace.json"));
    let card = &again["scorecards"][0];
    assert!(
        ids(card).is_disjoint(&asked),
        "{:?} after {asked:?}",
        ids(card)
    );
    assert_ne!(again["fingerprint"], first["fingerprint"]);
    let swapped = card["swapped"].as_array().expect("swaps are listed");
    assert_eq!(swapped.len(), asked.len());
    let outs: BTreeSet<String> = swapped
        .iter()
        .map(|s| s["out"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(outs, asked);
    // The printed card says so too.
    let text = squash(&pdf_text(
        &std::fs::read(out.join("2026-11-24-platform-engineer-ada-lovelace.pdf")).unwrap(),
    ));
    let replaced = swapped[0]["out"].as_str().unwrap();
    assert!(text.contains(&format!("Replaces {replaced}")), "{text}");
    let html = std::fs::read_to_string(out.join("2026-11-24-platform-engineer-ada-lovelace.html"))
        .unwrap();
    assert!(html.contains(&format!("replaces <span class=\"code\">{replaced}</span>")));
    // preview shows the same swaps.
    let spec = fixture("specs/basic.yaml");
    let ledger = out.join("ledger.jsonl");
    scorecard(&[
        "preview",
        spec.to_str().unwrap(),
        "--candidate",
        "Ada Lovelace",
        "--avoid-asked",
        "--ledger",
        ledger.to_str().unwrap(),
    ])
    .success()
    .stdout_has("Swapped")
    .stdout_has(replaced);
}

#[test]
fn candidate_id_matches_whatever_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(fixture("specs/basic.yaml")).unwrap();
    let bank = fixture("bank");
    let spec = dir.path().join("spec.yaml");
    std::fs::write(
        &spec,
        format!(
            "{}\nbank: {}\ncandidate_id: ada@example.com\navoid_asked: true\n",
            base.lines()
                .filter(|l| !l.starts_with("bank:"))
                .collect::<Vec<_>>()
                .join("\n"),
            bank.display()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = |name: &str, date: &str| {
        scorecard(&[
            "generate",
            spec.to_str().unwrap(),
            "--candidate",
            name,
            "--date",
            date,
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
        ])
    };
    run("Ada Lovelace", "2026-11-02").success();
    run("Augusta Ada King", "2026-11-24")
        .success()
        .stderr_has("on 1 card(s)");
    let first = json(&out.join("2026-11-02-platform-engineer-ada-lovelace.json"));
    let second = json(&out.join("2026-11-24-platform-engineer-augusta-ada-king.json"));
    assert!(ids(&first["scorecards"][0]).is_disjoint(&ids(&second["scorecards"][0])));
    let lines = ledger_lines(&out.join("ledger.jsonl"));
    assert_eq!(lines[1]["candidate_id"], "ada@example.com");
}

#[test]
fn history_lists_who_was_asked_what() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    generate(out, "Ada Lovelace", "2026-11-02", &["--format", "json"]).success();
    generate(out, "Alan Turing", "2026-11-03", &["--format", "json"]).success();
    let ledger = out.join("ledger.jsonl");
    let ledger = ledger.to_str().unwrap();
    let all = scorecard(&["history", "--ledger", ledger]);
    all.success()
        .stdout_has("Ada Lovelace: 1 card(s)")
        .stdout_has("Alan Turing: 1 card(s)");
    let ada = scorecard(&["history", "--ledger", ledger, "--candidate", "ada lovelace"]);
    ada.success().stdout_has("2026-11-02");
    assert!(!ada.stdout().contains("Turing"));
    let listed: Value = serde_json::from_str(
        &scorecard(&[
            "history",
            "--ledger",
            ledger,
            "--candidate",
            "Alan Turing",
            "--json",
        ])
        .success()
        .stdout(),
    )
    .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["date"], "2026-11-03");
    scorecard(&[
        "history",
        "--ledger",
        out.join("nope.jsonl").to_str().unwrap(),
    ])
    .failure()
    .stderr_has("no ledger");
}

#[test]
fn a_damaged_ledger_line_is_named_never_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    generate(out, "Ada Lovelace", "2026-11-02", &["--format", "json"]).success();
    let ledger = out.join("ledger.jsonl");
    let mut text = std::fs::read_to_string(&ledger).unwrap();
    text.push_str("{\"date\": \"2026-11-03\", \"candid\n");
    std::fs::write(&ledger, &text).unwrap();
    scorecard(&["history", "--ledger", ledger.to_str().unwrap()])
        .failure()
        .stderr_has(&format!("{}:2:", ledger.display()))
        .stderr_has("damaged");
    generate(out, "Ada Lovelace", "2026-11-24", &["--avoid-asked"])
        .failure()
        .stderr_has(&format!("{}:2:", ledger.display()));
    assert_eq!(files_in(out).len(), 1, "nothing written by the failed run");
    // A new line after the torn one stays whole.
    generate(out, "Alan Turing", "2026-11-24", &["--format", "json"]).success();
    let last = std::fs::read_to_string(&ledger).unwrap();
    let last = last.lines().last().unwrap();
    assert!(serde_json::from_str::<Value>(last).is_ok(), "{last}");
}

#[test]
fn bank_stats_show_how_often_questions_were_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    for (name, date) in [
        ("A", "2026-11-01"),
        ("B", "2026-11-02"),
        ("C", "2026-11-03"),
    ] {
        generate(out, name, date, &["--format", "json"]).success();
    }
    let first = json(&out.join("2026-11-01-platform-engineer-a.json"));
    let asked = ids(&first["scorecards"][0]);
    let ledger = out.join("ledger.jsonl");
    let bank = fixture("bank");
    let table = scorecard(&[
        "bank",
        "stats",
        bank.to_str().unwrap(),
        "--ledger",
        ledger.to_str().unwrap(),
    ]);
    table
        .success()
        .stdout_has("exposure: 3 card(s)")
        .stdout_has("most asked");
    let one = asked.iter().next().unwrap();
    table.stdout_has(&format!("3x  last 2026-11-03  {one}"));
    let stats: Value = serde_json::from_str(
        &scorecard(&[
            "bank",
            "stats",
            bank.to_str().unwrap(),
            "--json",
            "--ledger",
            ledger.to_str().unwrap(),
        ])
        .success()
        .stdout(),
    )
    .unwrap();
    let exposure = stats["exposure"]["questions"].as_array().unwrap();
    for q in exposure {
        let times = q["times"].as_u64().unwrap();
        let id = q["id"].as_str().unwrap();
        assert_eq!(times, if asked.contains(id) { 3 } else { 0 }, "{id}");
    }
}

#[test]
fn when_the_history_leaves_too_little_the_error_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let mut failed = None;
    for day in 1..=9 {
        let run = generate(
            out,
            "Zed",
            &format!("2026-11-0{day}"),
            &["--format", "json", "--avoid-asked"],
        );
        if !run.output.status.success() {
            failed = Some(run);
            break;
        }
    }
    let run = failed.expect("the small fixture bank runs out of unasked questions");
    run.failure()
        .stderr_has("excluded because this candidate was asked them before");
}
