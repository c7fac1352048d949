//! The paper for the room: the agenda (`intro`, `closing`), the writing areas, the compact
//! layout, line breaking, focus topics and the preview's question text.

use std::path::Path;
use std::process::Command;

use crate::support::{fixture, json, pdf_text, repo, scorecard, squash};

/// Generate `spec` (plus extra arguments) into a fresh folder and return it.
fn generate(spec: &Path, extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "generate",
        spec.to_str().unwrap(),
        "--date",
        "2026-11-24",
        "--out",
        out.path().to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    scorecard(&args).success();
    out
}

/// A spec file in a temporary folder, extending a spec of the repository or the fixtures.
fn spec_extending(dir: &Path, base: &Path, body: &str) -> std::path::PathBuf {
    let path = dir.join("spec.yaml");
    std::fs::write(&path, format!("extends: {}\n{body}", base.display())).unwrap();
    path
}

fn file_with(dir: &Path, ext: &str) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} in {}", dir.display()))
}

fn pages(pdf: &Path) -> usize {
    let doc = lopdf::Document::load(pdf).expect("the PDF parses");
    doc.get_pages().len()
}

#[test]
fn intro_and_closing_give_an_agenda_and_shift_the_time_markers() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_extending(
        dir.path(),
        &fixture("specs/basic.yaml"),
        "duration: 40\nintro: 5\nclosing: 5\n",
    );
    for layout in ["roomy", "compact"] {
        let out = generate(&spec, &["--layout", layout]);
        let text = squash(&pdf_text(
            &std::fs::read(file_with(out.path(), "pdf")).unwrap(),
        ));
        assert!(
            text.contains("intro 0–5 · questions 5–45 · candidate's questions 45–50"),
            "{layout}: no agenda in {text}"
        );
        assert!(text.contains("Candidate's questions"), "{layout}");
        assert!(text.contains("General notes"), "{layout}");
        let export = json(&file_with(out.path(), "json"));
        assert_eq!(export["intro"], 5);
        assert_eq!(export["closing"], 5);
        let questions = export["scorecards"][0]["questions"].as_array().unwrap();
        assert_eq!(
            questions[0]["start_minute"], 5,
            "markers count from the intro's end"
        );
        let last = questions.last().unwrap();
        assert!(last["end_minute"].as_u64().unwrap() <= 45);
        let first = format!(
            "minute {}–{}",
            questions[0]["start_minute"], questions[0]["end_minute"]
        );
        assert!(text.contains(&first), "{layout}: {first}");
        let html = std::fs::read_to_string(file_with(out.path(), "html")).unwrap();
        assert!(
            html.contains("intro 0–5 · questions 5–45 · candidate&#x27;s questions 45–50")
                || html.contains("intro 0–5 · questions 5–45 · candidate's questions 45–50")
        );
        assert!(html.contains("name=\"candidate-questions\""));
        assert!(html.contains("name=\"general-notes\""));
        assert!(html.contains(&format!("layout-{layout}")));
    }
}

#[test]
fn a_card_without_intro_or_closing_has_general_notes_and_no_agenda() {
    let out = generate(&fixture("specs/basic.yaml"), &[]);
    let text = squash(&pdf_text(
        &std::fs::read(file_with(out.path(), "pdf")).unwrap(),
    ));
    assert!(text.contains("General notes"));
    assert!(!text.contains("AGENDA"));
    assert!(!text.contains("Candidate's questions"));
    let export = json(&file_with(out.path(), "json"));
    assert!(export.get("intro").is_none() && export.get("layout").is_none());
    let html = std::fs::read_to_string(file_with(out.path(), "html")).unwrap();
    assert!(html.contains("name=\"general-notes\""));
    assert!(!html.contains("name=\"candidate-questions\""));
}

#[test]
fn compact_packs_the_senior_example_onto_far_fewer_pages() {
    let spec = repo("specs/senior-python.yaml");
    let roomy = generate(&spec, &["--format", "pdf"]);
    let compact = generate(&spec, &["--format", "pdf", "--layout", "compact"]);
    let (roomy, compact) = (
        pages(&file_with(roomy.path(), "pdf")),
        pages(&file_with(compact.path(), "pdf")),
    );
    assert!(roomy >= 8, "roomy keeps a question a page: {roomy}");
    assert!(compact <= 4, "compact takes {compact} pages");
    // Every prompt is still there, whole.
    let out = generate(&spec, &["--layout", "compact", "--format", "pdf,json"]);
    let text = squash(&pdf_text(
        &std::fs::read(file_with(out.path(), "pdf")).unwrap(),
    ));
    let export = json(&file_with(out.path(), "json"));
    assert_eq!(export["layout"], "compact");
    for q in export["scorecards"][0]["questions"].as_array().unwrap() {
        let prompt = squash(&q["prompt"].as_str().unwrap().replace('`', ""));
        let start: String = prompt.chars().take(40).collect();
        assert!(text.contains(&start), "prompt of {} missing", q["id"]);
    }
}

/// The target: the senior example's compact card on at most 4 A4 pages. The end of the
/// card (general notes, summary, decision) shares the last question's page when it fits.
#[test]
fn compact_fits_the_senior_example_on_four_a4_pages() {
    let out = generate(
        &repo("specs/senior-python.yaml"),
        &["--format", "pdf", "--layout", "compact", "--paper", "a4"],
    );
    let pdf = file_with(out.path(), "pdf");
    let count = pages(&pdf);
    assert!(count <= 4, "{count} pages");
    let doc = lopdf::Document::load(&pdf).unwrap();
    let last = squash(&doc.extract_text(&[count as u32]).unwrap());
    for part in [
        "min · minute",
        "General notes",
        "Summary by topic",
        "Overall recommendation",
    ] {
        assert!(last.contains(part), "{part:?} not on the last page: {last}");
    }
}

/// Every example card, compact, on A4 and Letter: no more pages than the packing gives now,
/// and every question whole on one page (its header, evidence notes and score boxes).
#[test]
fn compact_example_cards_keep_their_page_counts_and_whole_questions() {
    // (spec, A4 pages, Letter pages) at most; the staff spec has a panel of three.
    let limits = [
        ("junior", 4, 5),
        ("mid", 6, 6),
        ("senior", 4, 5),
        ("staff", 4, 4),
        ("principal", 4, 5),
    ];
    for paper in ["a4", "letter"] {
        let out = tempfile::tempdir().unwrap();
        let specs: Vec<String> = limits
            .iter()
            .map(|(s, _, _)| {
                repo(&format!("specs/{s}-python.yaml"))
                    .display()
                    .to_string()
            })
            .collect();
        let mut args: Vec<&str> = vec!["generate"];
        args.extend(specs.iter().map(String::as_str));
        let dir = out.path().to_str().unwrap();
        args.extend([
            "--date",
            "2026-11-24",
            "--layout",
            "compact",
            "--paper",
            paper,
            "--format",
            "pdf",
            "--no-ledger",
            "--out",
            dir,
        ]);
        scorecard(&args).success();
        let mut cards = 0;
        for entry in std::fs::read_dir(out.path()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            // Files are named after the role: "Python Engineer" is the mid spec's.
            let role = name.trim_start_matches("2026-11-24-");
            let (spec, a4, letter) = limits
                .iter()
                .find(|(s, _, _)| role.starts_with(&format!("{s}-")))
                .or_else(|| limits.iter().find(|(s, _, _)| *s == "mid"))
                .filter(|_| role.ends_with(".pdf"))
                .unwrap_or_else(|| panic!("which spec wrote {name}?"));
            let limit = if paper == "a4" { *a4 } else { *letter };
            let doc = lopdf::Document::load(&path).unwrap();
            let count = doc.get_pages().len();
            assert!(
                count <= limit,
                "{spec} on {paper}: {count} pages, at most {limit}"
            );
            for n in 1..=count as u32 {
                let text = squash(&doc.extract_text(&[n]).unwrap());
                let heads = text.matches(" min · minute ").count();
                let notes = text.matches("EVIDENCE NOTES").count();
                let scores = text.matches("SCORE — tick one").count();
                assert!(
                    heads == notes && notes == scores,
                    "{name} page {n}: {heads} question headers, {notes} notes, {scores} scores"
                );
            }
            cards += 1;
        }
        assert_eq!(cards, 7, "five specs, the staff one with a panel of three");
    }
}

#[test]
fn roomy_puts_question_one_beside_the_header_when_it_fits() {
    let out = generate(&repo("specs/senior-python.yaml"), &["--format", "pdf"]);
    let doc = lopdf::Document::load(file_with(out.path(), "pdf")).unwrap();
    let first = doc.extract_text(&[1]).unwrap();
    assert!(first.contains("INTERVIEW SCORECARD"));
    assert!(first.contains("minute 0–"), "question 1 is on page 1");
}

#[test]
fn no_line_of_any_example_card_starts_with_closing_punctuation() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        panic!("pdftotext (poppler-utils) is needed: apt-get install poppler-utils");
    }
    let out = tempfile::tempdir().unwrap();
    let specs: Vec<String> = ["junior", "mid", "senior", "staff", "principal"]
        .iter()
        .map(|s| {
            repo(&format!("specs/{s}-python.yaml"))
                .display()
                .to_string()
        })
        .collect();
    for layout in ["roomy", "compact"] {
        let mut args = vec!["generate", "--format", "pdf", "--date", "2026-11-24"];
        args.extend(["--layout", layout, "--out", out.path().to_str().unwrap()]);
        args.extend(specs.iter().map(String::as_str));
        scorecard(&args).success();
        let mut checked = 0;
        for entry in std::fs::read_dir(out.path()).unwrap() {
            let pdf = entry.unwrap().path();
            if pdf.extension().is_none_or(|e| e != "pdf") {
                continue;
            }
            let text = Command::new("pdftotext")
                .args(["-layout", pdf.to_str().unwrap(), "-"])
                .output()
                .unwrap();
            for line in String::from_utf8_lossy(&text.stdout).lines() {
                let line = line.trim_start();
                // Python's `...` (Ellipsis) starts lines of code blocks by right.
                if line.starts_with("...") {
                    continue;
                }
                assert!(
                    !line.starts_with([')', ']', '}', ',', ';', '.', ':', '!', '?']),
                    "{layout}: {} has a line starting with punctuation: {line:?}",
                    pdf.display()
                );
                checked += 1;
            }
        }
        assert!(checked > 1000);
    }
}

#[test]
fn every_focus_topic_gets_a_question_or_the_run_fails_with_the_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_extending(
        dir.path(),
        &repo("specs/staff-python.yaml"),
        "duration: 10\n",
    );
    scorecard(&["preview", spec.to_str().unwrap()])
        .failure()
        .stderr_has("interviewer Alan Turing's focus topic `async` would get no question")
        .stderr_has("1 question(s)")
        .stderr_has("`duration: 10`")
        .stderr_has("2 focus topics (concurrency, async)");
    // With room enough, every focus topic is on its interviewer's card.
    let spec = spec_extending(
        dir.path(),
        &repo("specs/staff-python.yaml"),
        "duration: 20\n",
    );
    let out = tempfile::tempdir().unwrap();
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--format",
        "json",
        "--out",
        out.path().to_str().unwrap(),
    ])
    .success();
    let export = json(&file_with(out.path(), "json"));
    let turing = &export["scorecards"][1];
    assert_eq!(turing["interviewer"], "Alan Turing");
    for topic in ["concurrency", "async"] {
        assert!(
            turing["questions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|q| q["topic"] == topic),
            "{topic} has no question"
        );
    }
}

#[test]
fn an_interviewer_without_focus_never_takes_the_others_topics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(
        &path,
        "role: Senior Python Engineer\nseniority: senior\nduration: 45\n\
         topics: {concurrency: 1, async: 1, testing: 1}\npanel:\n\
         \x20 - name: Grace Hopper\n    topics: [concurrency, async]\n\
         \x20 - name: Alan Turing\n    topics: [testing]\n\
         \x20 - name: Barbara Liskov\n",
    )
    .unwrap();
    scorecard(&["preview", path.to_str().unwrap()])
        .failure()
        .stderr_has("interviewer Barbara Liskov has no focus topics")
        .stderr_has("all 3 topic(s)")
        .stderr_has("Grace Hopper (concurrency, async); Alan Turing (testing)");
}

#[test]
fn preview_shows_each_questions_first_line() {
    let spec = repo("specs/senior-python.yaml");
    let run = scorecard(&["preview", spec.to_str().unwrap()]);
    run.success().stdout_has("question");
    let out = generate(&spec, &["--format", "json"]);
    let export = json(&file_with(out.path(), "json"));
    let stdout = run.stdout();
    for q in export["scorecards"][0]["questions"].as_array().unwrap() {
        let id = q["id"].as_str().unwrap();
        let prompt = squash(&q["prompt"].as_str().unwrap().replace('`', ""));
        let start: String = prompt.chars().take(30).collect();
        let line = stdout
            .lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id} not in the preview"));
        assert!(line.contains(&start), "{line:?} lacks {start:?}");
    }
}
