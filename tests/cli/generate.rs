//! `scorecard generate`: the end-to-end path from a spec to PDF, HTML and JSON.

use crate::support::{files_in, fixture, json, pdf_text, repo, scorecard, squash};

#[test]
fn writes_pdf_html_and_json_with_the_picked_questions() {
    let out = tempfile::tempdir().unwrap();
    let spec = fixture("specs/basic.yaml");
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--candidate",
        "Ada Lovelace",
        "--date",
        "2026-11-24",
        "--out",
        out.path().to_str().unwrap(),
    ])
    .success()
    .stdout_has("2026-11-24-platform-engineer-ada-lovelace.pdf");
    assert_eq!(
        files_in(out.path()),
        [
            "2026-11-24-platform-engineer-ada-lovelace.html",
            "2026-11-24-platform-engineer-ada-lovelace.json",
            "2026-11-24-platform-engineer-ada-lovelace.pdf"
        ]
    );
    let export = json(
        &out.path()
            .join("2026-11-24-platform-engineer-ada-lovelace.json"),
    );
    assert_eq!(export["seed"], 7);
    assert_eq!(export["bank"]["name"], "fixture");
    assert_eq!(export["bank"]["version"], "1.0.0");
    assert_eq!(export["role"], "Platform Engineer");
    assert_eq!(export["seniority"], "senior");
    assert_eq!(export["candidate"], "Ada Lovelace");
    assert_eq!(export["date"], "2026-11-24");
    assert!(export["fingerprint"].as_str().is_some_and(|f| f.len() == 9));
    let cards = export["scorecards"].as_array().unwrap();
    assert_eq!(cards.len(), 1);
    assert!(cards[0]["interviewer"].is_null());
    let questions = cards[0]["questions"].as_array().unwrap();
    assert!(!questions.is_empty());
    let total: u64 = questions
        .iter()
        .map(|q| q["minutes"].as_u64().unwrap())
        .sum();
    assert_eq!(cards[0]["total_minutes"].as_u64(), Some(total));
    assert!(total <= 40);

    let pdf = std::fs::read(
        out.path()
            .join("2026-11-24-platform-engineer-ada-lovelace.pdf"),
    )
    .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = squash(&pdf_text(&pdf));
    let html = std::fs::read_to_string(
        out.path()
            .join("2026-11-24-platform-engineer-ada-lovelace.html"),
    )
    .unwrap();
    let mut last = 0;
    for q in questions {
        let prompt = squash(q["prompt"].as_str().unwrap());
        let at = text
            .find(&prompt)
            .unwrap_or_else(|| panic!("PDF lacks prompt {prompt:?}"));
        assert!(at >= last, "prompts out of order in the PDF");
        last = at;
        assert!(html.contains(&prompt), "HTML lacks prompt {prompt:?}");
        for point in q["expected"].as_array().unwrap() {
            let point = squash(&point.as_str().unwrap().replace('`', ""));
            assert!(text.contains(&point), "PDF lacks point {point:?}");
        }
    }
    assert!(text.contains("Ada Lovelace"));
    assert!(text.contains("page 1 of"));
}

#[test]
fn same_inputs_give_identical_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let spec = fixture("specs/panel.yaml");
    for dir in [&a, &b] {
        scorecard(&[
            "generate",
            spec.to_str().unwrap(),
            "--date",
            "2026-11-24",
            "--out",
            dir.path().to_str().unwrap(),
        ])
        .success();
    }
    let names = files_in(a.path());
    assert_eq!(
        names.len(),
        7,
        "three PDFs, three HTML pages and one JSON: {names:?}"
    );
    for name in names {
        assert_eq!(
            std::fs::read(a.path().join(&name)).unwrap(),
            std::fs::read(b.path().join(&name)).unwrap(),
            "{name} differs"
        );
    }
}

#[test]
fn a_panel_gets_disjoint_cards_with_names() {
    let out = tempfile::tempdir().unwrap();
    let spec = fixture("specs/panel.yaml");
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--date",
        "2026-11-24",
        "--format",
        "json,pdf",
        "--out",
        out.path().to_str().unwrap(),
    ])
    .success();
    let export = json(&out.path().join("2026-11-24-platform-engineer.json"));
    let cards = export["scorecards"].as_array().unwrap();
    let names: Vec<&str> = cards
        .iter()
        .map(|c| c["interviewer"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Grace Hopper", "Alan Turing", "Ada Lovelace"]);
    let mut seen = std::collections::BTreeSet::new();
    for card in cards {
        for q in card["questions"].as_array().unwrap() {
            assert!(
                seen.insert(q["id"].as_str().unwrap().to_owned()),
                "question repeated on the panel"
            );
        }
    }
    assert!(
        cards[0]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|q| q["topic"] == "graphs"),
        "focus topic served"
    );
    let pdf = std::fs::read(
        out.path()
            .join("2026-11-24-platform-engineer-grace-hopper.pdf"),
    )
    .unwrap();
    let text = squash(&pdf_text(&pdf));
    assert!(text.contains("Grace Hopper"));
    assert!(text.contains("Panel coverage"));
}

#[test]
fn every_example_spec_generates() {
    let out = tempfile::tempdir().unwrap();
    let mut specs: Vec<String> = std::fs::read_dir(repo("specs"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with("-python.yaml"))
        })
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    specs.sort();
    for level in ["junior", "mid", "senior", "staff"] {
        assert!(
            specs.iter().any(|s| s.contains(&format!("{level}-python"))),
            "no {level} spec"
        );
    }
    let mut args = vec![
        "generate",
        "--date",
        "2026-11-24",
        "--out",
        out.path().to_str().unwrap(),
    ];
    args.extend(specs.iter().map(String::as_str));
    scorecard(&args).success();
    assert!(files_in(out.path()).len() >= specs.len() * 3);
}

#[test]
fn seed_and_exclude_change_the_questions() {
    let spec = fixture("specs/basic.yaml");
    let ids = |extra: &[&str]| -> Vec<String> {
        let out = tempfile::tempdir().unwrap();
        let mut args = vec![
            "generate",
            spec.to_str().unwrap(),
            "--format",
            "json",
            "--date",
            "2026-11-24",
            "--out",
            out.path().to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        scorecard(&args).success();
        let export = json(&out.path().join("2026-11-24-platform-engineer.json"));
        export["scorecards"][0]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let base = ids(&[]);
    assert_eq!(base, ids(&[]), "same seed, same questions");
    let others: Vec<Vec<String>> = (1..6).map(|s| ids(&["--seed", &s.to_string()])).collect();
    assert!(
        others.iter().any(|o| *o != base),
        "seeds never change the set"
    );
}

#[test]
fn a_missing_spec_is_a_clear_error_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("cards");
    scorecard(&[
        "generate",
        "no-such-spec.yaml",
        "--out",
        target.to_str().unwrap(),
    ])
    .failure()
    .stderr_has("no-such-spec.yaml: spec file not found");
    assert!(!target.exists());
}

#[test]
fn a_malformed_spec_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("bad.yaml");
    std::fs::write(
        &spec,
        "role: Engineer\nseniority: senior\nduration: 60\ntopcis:\n  graphs: 1\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .failure()
    .stderr_has("bad.yaml:4:1: unknown key `topcis`")
    .stderr_has("hint: did you mean `topics`?");
    assert!(!out.exists());
}

#[test]
fn a_candidates_file_gives_one_edition_each_with_the_same_questions() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("candidates.txt");
    std::fs::write(
        &list,
        "Ada Lovelace\n# a comment\n\n  Grace Hopper  \nДмитрий Ковалёв\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let spec = fixture("specs/basic.yaml");
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--candidates",
        list.to_str().unwrap(),
        "--date",
        "2026-11-24",
        "--format",
        "json,pdf",
        "--out",
        out.to_str().unwrap(),
    ])
    .success();
    let names = files_in(&out);
    assert_eq!(names.len(), 6, "{names:?}");
    let exports: Vec<serde_json::Value> = names
        .iter()
        .filter(|n| n.ends_with(".json"))
        .map(|n| json(&out.join(n)))
        .collect();
    let candidates: Vec<&str> = exports
        .iter()
        .map(|e| e["candidate"].as_str().unwrap())
        .collect();
    assert_eq!(
        candidates,
        ["Ada Lovelace", "Grace Hopper", "Дмитрий Ковалёв"]
    );
    for e in &exports {
        assert_eq!(
            e["scorecards"], exports[0]["scorecards"],
            "every candidate gets the same questions"
        );
        assert_eq!(e["fingerprint"], exports[0]["fingerprint"]);
    }
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "# nobody\n").unwrap();
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--candidates",
        empty.to_str().unwrap(),
        "--out",
        dir.path().join("none").to_str().unwrap(),
    ])
    .failure()
    .stderr_has("empty.txt: the candidates file lists no names");
}

#[test]
fn names_in_latin_greek_and_cyrillic_print_and_missing_glyphs_are_reported() {
    let out = tempfile::tempdir().unwrap();
    let spec = fixture("specs/basic.yaml");
    let run = scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--candidate",
        "Zoë Ångström-Müller, Дмитрий Ковалёв, Ζωή Παπαδοπούλου, 漢字",
        "--date",
        "2026-11-24",
        "--format",
        "pdf",
        // The machine's fonts may have the Chinese characters.
        "--no-system-fonts",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    run.success()
        .stderr_has("warning: ")
        .stderr_has("U+6F22")
        .stderr_has("U+5B57");
    let names = files_in(out.path());
    assert_eq!(names.len(), 1, "{names:?}");
    let text = squash(&pdf_text(
        &std::fs::read(out.path().join(&names[0])).unwrap(),
    ));
    for name in ["Zoë Ångström-Müller", "Дмитрий Ковалёв", "Ζωή Παπαδοπούλου"]
    {
        assert!(text.contains(name), "{name} missing from the PDF text");
    }
}

#[test]
fn a_ten_question_card_is_small_and_fills_its_paper() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("ten.yaml");
    std::fs::write(&spec, "role: Senior Python Engineer\nseniority: senior\nduration: 75\nquestions: 10\nseed: 2026\n").unwrap();
    for (paper, width, height) in [("a4", 595.0, 842.0), ("letter", 612.0, 792.0)] {
        let out = dir.path().join(paper);
        scorecard(&[
            "generate",
            spec.to_str().unwrap(),
            "--paper",
            paper,
            "--date",
            "2026-11-24",
            "--format",
            "pdf,json",
            "--out",
            out.to_str().unwrap(),
        ])
        .success();
        let pdf = std::fs::read(out.join("2026-11-24-senior-python-engineer.pdf")).unwrap();
        assert!(pdf.len() < 150_000, "{paper}: {} bytes", pdf.len());
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        for (_, id) in doc.get_pages() {
            let media = doc
                .get_dictionary(id)
                .unwrap()
                .get(b"MediaBox")
                .unwrap()
                .as_array()
                .unwrap()
                .clone();
            let size: Vec<f32> = media
                .iter()
                .map(|v| v.as_float().unwrap_or_else(|_| v.as_i64().unwrap() as f32))
                .collect();
            assert!(
                (size[2] - width).abs() < 1.0 && (size[3] - height).abs() < 1.0,
                "{paper}: {size:?}"
            );
        }
        let export = json(&out.join("2026-11-24-senior-python-engineer.json"));
        assert_eq!(
            export["scorecards"][0]["questions"]
                .as_array()
                .unwrap()
                .len(),
            10
        );
        // Every prompt and every expected point is in the text, in card order (compared without
        // white space: inline code is a separate run, and extraction spaces runs apart).
        let compact = |s: &str| s.replace('`', "").split_whitespace().collect::<String>();
        let text = compact(&pdf_text(&pdf));
        let mut at = 0;
        for q in export["scorecards"][0]["questions"].as_array().unwrap() {
            let first_line = compact(q["prompt"].as_str().unwrap().lines().next().unwrap());
            let found = text[at..].find(&first_line).unwrap_or_else(|| {
                panic!("{paper}: prompt {first_line:?} missing or out of order")
            });
            at += found;
            for point in q["expected"].as_array().unwrap() {
                let point = compact(point.as_str().unwrap());
                assert!(
                    text[at..].contains(&point),
                    "{paper}: point {point:?} missing after its prompt"
                );
            }
        }
    }
}

#[test]
fn a_card_is_the_same_bytes_alone_or_in_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("candidates.txt");
    std::fs::write(&list, "Ada Lovelace\nZoë Ångström\nДмитрий Ковалёв\n").unwrap();
    let spec = fixture("specs/basic.yaml");
    let batch = dir.path().join("batch");
    let alone = dir.path().join("alone");
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--candidates",
        list.to_str().unwrap(),
        "--date",
        "2026-11-24",
        "--out",
        batch.to_str().unwrap(),
    ])
    .success();
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--candidate",
        "Zoë Ångström",
        "--date",
        "2026-11-24",
        "--out",
        alone.to_str().unwrap(),
    ])
    .success();
    let names = files_in(&alone);
    assert_eq!(names.len(), 3);
    for name in names {
        assert_eq!(
            std::fs::read(alone.join(&name)).unwrap(),
            std::fs::read(batch.join(&name)).unwrap(),
            "{name} differs"
        );
    }
}
