//! The PDF as a form: its fields, their appearances, and `scorecard results` reading a filled
//! card back; checked with lopdf, poppler (`pdftoppm`), qpdf and pypdf.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::dictionary;

use crate::support::{files_in, fixture, json, repo, scorecard};

/// A generated card: its PDF and the edition JSON beside it.
struct Card {
    _dir: tempfile::TempDir,
    pdf: PathBuf,
    edition: serde_json::Value,
}

/// Generate `spec` (with `extra` arguments) and return the one card it writes.
fn card(spec: &Path, extra: &[&str]) -> Card {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "generate",
        spec.to_str().unwrap(),
        "--candidate",
        "Ada Lovelace",
        "--date",
        "2026-11-24",
        "--out",
        dir.path().to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    scorecard(&args).success();
    let stem = files_in(dir.path())
        .into_iter()
        .find_map(|f| f.strip_suffix(".json").map(str::to_owned))
        .expect("a JSON export");
    Card {
        pdf: dir.path().join(format!("{stem}.pdf")),
        edition: json(&dir.path().join(format!("{stem}.json"))),
        _dir: dir,
    }
}

/// The fields a card of `edition` must have, by full name.
fn expected_fields(edition: &serde_json::Value, closing: bool) -> BTreeSet<String> {
    let card = &edition["scorecards"][0];
    let mut names = BTreeSet::new();
    let mut topics = BTreeSet::new();
    for (i, q) in card["questions"].as_array().unwrap().iter().enumerate() {
        let n = i + 1;
        for k in 1..=q["expected"].as_array().unwrap().len() {
            names.insert(format!("q{n}.point.{k}"));
        }
        names.insert(format!("q{n}.score"));
        names.insert(format!("q{n}.notes"));
        topics.insert(q["topic"].as_str().unwrap().to_owned());
    }
    for t in topics {
        names.insert(format!("comment.{t}"));
    }
    for name in ["recommendation", "reasons", "general-notes"] {
        names.insert(name.to_owned());
    }
    if closing {
        names.insert("candidate-questions".to_owned());
    }
    names
}

/// Every terminal field of a PDF's form: full name, type, widgets (with their `/AP /N`).
fn fields(doc: &lopdf::Document) -> Vec<(String, Vec<u8>, Vec<lopdf::Dictionary>)> {
    fn walk(
        doc: &lopdf::Document,
        id: lopdf::ObjectId,
        prefix: &str,
        kind: Option<Vec<u8>>,
        out: &mut Vec<(String, Vec<u8>, Vec<lopdf::Dictionary>)>,
    ) {
        let dict = doc.get_dictionary(id).unwrap();
        let part = String::from_utf8(dict.get(b"T").unwrap().as_str().unwrap().to_vec()).unwrap();
        let name = if prefix.is_empty() {
            part
        } else {
            format!("{prefix}.{part}")
        };
        let kind = dict
            .get(b"FT")
            .ok()
            .map(|k| k.as_name().unwrap().to_vec())
            .or(kind);
        let kids: Vec<lopdf::ObjectId> = dict
            .get(b"Kids")
            .map(|k| {
                k.as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_reference().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        let named = kids
            .iter()
            .any(|k| doc.get_dictionary(*k).unwrap().has(b"T"));
        if named {
            for k in kids {
                walk(doc, k, &name, kind.clone(), out);
            }
        } else {
            let widgets = if kids.is_empty() {
                vec![dict.clone()]
            } else {
                kids.iter()
                    .map(|k| doc.get_dictionary(*k).unwrap().clone())
                    .collect()
            };
            out.push((name, kind.unwrap_or_default(), widgets));
        }
    }
    let form = doc
        .catalog()
        .unwrap()
        .get(b"AcroForm")
        .unwrap()
        .as_reference()
        .unwrap();
    let top: Vec<lopdf::ObjectId> = doc
        .get_dictionary(form)
        .unwrap()
        .get(b"Fields")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_reference().unwrap())
        .collect();
    let mut out = Vec::new();
    for id in top {
        walk(doc, id, "", None, &mut out);
    }
    out
}

/// The content of a widget's appearance in state `state` (`None`: a text field's).
fn appearance(doc: &lopdf::Document, widget: &lopdf::Dictionary, state: Option<&[u8]>) -> Vec<u8> {
    let ap = widget.get(b"AP").unwrap().as_dict().unwrap();
    let n = ap.get(b"N").unwrap();
    let stream = match state {
        Some(state) => n.as_dict().unwrap().get(state).unwrap(),
        None => n,
    };
    doc.get_object(stream.as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap()
        .decompressed_content()
        .unwrap_or_else(|_| {
            doc.get_object(stream.as_reference().unwrap())
                .unwrap()
                .as_stream()
                .unwrap()
                .content
                .clone()
        })
}

#[test]
fn every_box_and_writing_area_is_a_field_with_a_stable_name() {
    for (extra, closing) in [(&[][..], false), (&["--layout", "compact"][..], false)] {
        let card = card(&fixture("specs/basic.yaml"), extra);
        let doc = lopdf::Document::load(&card.pdf).unwrap();
        let found = fields(&doc);
        let names: BTreeSet<String> = found
            .iter()
            .map(|(n, _, _)| n.clone())
            .filter(|n| !n.ends_with(".more-notes"))
            .collect();
        assert_eq!(names, expected_fields(&card.edition, closing), "{extra:?}");
        let rubric = card.edition["rubric"].as_array().unwrap().len();
        for (name, kind, widgets) in &found {
            let button =
                name.contains(".point.") || name.ends_with(".score") || name == "recommendation";
            let want: &[u8] = if button { b"Btn" } else { b"Tx" };
            assert_eq!(kind.as_slice(), want, "{name}");
            let count = match name.as_str() {
                n if n.ends_with(".score") => rubric,
                "recommendation" => 4,
                _ => 1,
            };
            assert_eq!(widgets.len(), count, "{name}");
            for w in widgets {
                // Printed with the page; blank: off, or an appearance that draws nothing.
                assert_eq!(w.get(b"F").unwrap().as_i64().unwrap() & 4, 4, "{name}");
                if kind == b"Btn" {
                    assert_eq!(w.get(b"AS").unwrap().as_name().unwrap(), b"Off");
                    assert!(appearance(&doc, w, Some(b"Off")).is_empty(), "{name}");
                    let on = w
                        .get(b"AP")
                        .unwrap()
                        .as_dict()
                        .unwrap()
                        .get(b"N")
                        .unwrap()
                        .as_dict()
                        .unwrap()
                        .iter()
                        .map(|(k, _)| k.clone())
                        .find(|k| k != b"Off")
                        .unwrap();
                    assert!(
                        appearance(&doc, w, Some(&on)).ends_with(b" l S"),
                        "{name}: the on state draws a tick"
                    );
                } else {
                    let blank = appearance(&doc, w, None);
                    assert_eq!(blank, b"/Tx BMC EMC", "{name}");
                }
            }
        }
    }
}

#[test]
fn a_card_with_a_closing_has_a_field_for_the_candidates_questions() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("closing.yaml");
    std::fs::write(
        &spec,
        format!(
            "extends: {}\nintro: 5\nclosing: 5\n",
            fixture("specs/basic.yaml").display()
        ),
    )
    .unwrap();
    let card = card(&spec, &[]);
    let doc = lopdf::Document::load(&card.pdf).unwrap();
    let names: BTreeSet<String> = fields(&doc).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(names, expected_fields(&card.edition, true));
}

#[test]
fn a_blank_card_reads_back_as_blank_results_with_its_questions() {
    let card = card(&fixture("specs/basic.yaml"), &[]);
    let run = scorecard(&["results", card.pdf.to_str().unwrap()]);
    run.success();
    let results: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(results["format"], "scorecard-results/1");
    assert_eq!(results["fingerprint"], card.edition["fingerprint"]);
    assert_eq!(results["candidate"], "Ada Lovelace");
    assert_eq!(results["recommendation"], serde_json::Value::Null);
    let questions = results["questions"].as_array().unwrap();
    let picked = card.edition["scorecards"][0]["questions"]
        .as_array()
        .unwrap();
    assert_eq!(questions.len(), picked.len());
    for (q, p) in questions.iter().zip(picked) {
        assert_eq!(q["id"], p["id"]);
        assert_eq!(q["expected"], p["expected"]);
        assert!(q["points"].as_array().unwrap().iter().all(|v| v == false));
        assert_eq!(q["score"], serde_json::Value::Null);
        assert_eq!(q["notes"], "");
    }
}

/// Render a page at low resolution, with or without the form's widgets.
fn render(pdf: &Path, page: usize, widgets: bool) -> Option<Vec<u8>> {
    let mut command = Command::new("pdftoppm");
    command.args(["-r", "40", "-f", &page.to_string(), "-l", &page.to_string()]);
    if !widgets {
        command.arg("-hide-annotations");
    }
    let output = command.arg(pdf).output().ok()?;
    output.status.success().then_some(output.stdout)
}

#[test]
fn the_blank_form_prints_exactly_as_the_plain_card() {
    let card = card(&repo("specs/senior-python.yaml"), &[]);
    let doc = lopdf::Document::load(&card.pdf).unwrap();
    let pages = doc.get_pages().len();
    if render(&card.pdf, 1, true).is_none() {
        eprintln!("skipped: pdftoppm (poppler-utils) is not installed");
        return;
    }
    for page in 1..=pages {
        assert!(
            render(&card.pdf, page, true) == render(&card.pdf, page, false),
            "page {page} looks different with its blank fields"
        );
    }
}

/// Whether pypdf can be imported.
fn pypdf() -> bool {
    Command::new("python3")
        .args(["-c", "import pypdf"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn pypdf_form(args: &[&str]) -> String {
    let output = Command::new("python3")
        .arg(repo("tests/form/pypdf_form.py"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "pypdf_form.py {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_card_filled_by_pypdf_reads_back_exactly_as_filled() {
    if !pypdf() {
        eprintln!("skipped: pypdf is not installed (python3 -m pip install pypdf)");
        return;
    }
    for extra in [&[][..], &["--layout", "compact"][..]] {
        let card = card(&repo("specs/senior-python.yaml"), extra);
        // pypdf sees every field, with its type.
        let listed: serde_json::Value =
            serde_json::from_str(&pypdf_form(&["list", card.pdf.to_str().unwrap()])).unwrap();
        let listed: BTreeSet<String> = listed
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, kind)| *kind != "None")
            .map(|(name, _)| name.clone())
            .filter(|n| !n.ends_with(".more-notes"))
            .collect();
        assert_eq!(listed, expected_fields(&card.edition, false));

        let notes =
            "Σωκράτης: «γνώθι σεαυτόν»\nПривет, мир! Їжак — \"quoted\" <b>not bold</b> & 'single'";
        let values = serde_json::json!({
            "q1.point.1": "/Yes",
            "q1.point.3": "/Yes",
            "q2.point.2": "/Yes",
            "q1.score": "/3",
            "q2.score": "/1",
            "q1.notes": notes,
            "q2.notes": "Ελληνικά",
            "comment.concurrency": "Strong on <threads> & \"processes\"",
            "recommendation": "/strong-yes",
            "reasons": "Ясно и чётко.",
            "general-notes": "Ζωή Ångström-Müller, Łódź",
        });
        let dir = tempfile::tempdir().unwrap();
        let values_path = dir.path().join("values.json");
        std::fs::write(&values_path, values.to_string()).unwrap();
        let filled = dir.path().join("filled.pdf");
        pypdf_form(&[
            "fill",
            card.pdf.to_str().unwrap(),
            filled.to_str().unwrap(),
            values_path.to_str().unwrap(),
        ]);
        let run = scorecard(&["results", filled.to_str().unwrap()]);
        run.success();
        let got: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
        let q = &got["questions"];
        let points = |i: usize| q[i]["points"].as_array().unwrap().clone();
        assert_eq!(points(0)[..3], [true, false, true], "{extra:?}");
        assert!(points(0)[3..].iter().all(|v| v == false));
        assert_eq!(points(1)[..2], [false, true]);
        assert_eq!(q[0]["score"], 3);
        assert_eq!(q[1]["score"], 1);
        assert_eq!(q[2]["score"], serde_json::Value::Null);
        assert_eq!(q[0]["notes"], notes);
        assert_eq!(q[1]["notes"], "Ελληνικά");
        assert_eq!(q[2]["notes"], "");
        assert_eq!(
            got["topic_comments"],
            serde_json::json!({"concurrency": "Strong on <threads> & \"processes\""})
        );
        assert_eq!(got["recommendation"], "strong-yes");
        assert_eq!(got["reasons"], "Ясно и чётко.");
        assert_eq!(got["notes"], "Ζωή Ångström-Müller, Łódź");

        // What was filled shows: the first page differs from the page without its widgets.
        if let Some(with) = render(&filled, 1, true) {
            assert!(with != render(&filled, 1, false).unwrap(), "no tick shows");
        }
        // qpdf finds nothing wrong in the blank or the filled card.
        for pdf in [&card.pdf, &filled] {
            if let Ok(out) = Command::new("qpdf").arg("--check").arg(pdf).output() {
                assert!(
                    out.status.success(),
                    "qpdf --check {}: {}",
                    pdf.display(),
                    String::from_utf8_lossy(&out.stdout)
                );
            }
        }
    }
}

#[test]
fn a_pdf_that_is_not_a_scorecard_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    // A plain PDF with no form, made with lopdf.
    let mut doc = lopdf::Document::with_version("1.5");
    let pages = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
    });
    doc.objects.insert(
        pages,
        lopdf::Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let plain = dir.path().join("plain.pdf");
    doc.save(&plain).unwrap();
    let out = dir.path().join("out");
    scorecard(&[
        "results",
        plain.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .failure()
    .stderr_has("plain.pdf")
    .stderr_has("not a fillable scorecard");
    assert!(files_in(&out).is_empty());
}

#[test]
fn truncated_corrupt_and_junk_pdfs_are_refused_without_writing() {
    let card = card(&fixture("specs/basic.yaml"), &[]);
    let bytes = std::fs::read(&card.pdf).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let truncated = dir.path().join("truncated.pdf");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let corrupt = dir.path().join("corrupt.pdf");
    let mut damaged = bytes.clone();
    // Overwrite the middle (object streams, fonts) and the cross-reference data.
    let mid = damaged.len() / 2;
    damaged[mid..mid + 4000].fill(b'#');
    let tail = damaged.len() - 1500;
    damaged[tail..tail + 1000].fill(0);
    std::fs::write(&corrupt, &damaged).unwrap();
    let junk = dir.path().join("junk.pdf");
    let mut noise = b"%PDF-1.7\n".to_vec();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    noise.extend((0..50 << 20).map(|_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x as u8
    }));
    std::fs::write(&junk, &noise).unwrap();
    let small_junk = dir.path().join("small-junk.pdf");
    std::fs::write(&small_junk, &noise[..100_000]).unwrap();
    let out = dir.path().join("out");
    for (path, says) in [
        (&truncated, "truncated.pdf"),
        (&corrupt, "corrupt.pdf"),
        (&junk, "may be at most"),
        (&small_junk, "small-junk.pdf"),
    ] {
        // Listed after a good card: nothing is written for either.
        scorecard(&[
            "results",
            card.pdf.to_str().unwrap(),
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .failure()
        .stderr_has(says);
        assert!(files_in(&out).is_empty(), "{says}");
    }
}

#[test]
fn a_form_carrying_another_editions_data_is_refused() {
    let a = card(&fixture("specs/basic.yaml"), &[]);
    let b = card(&fixture("specs/basic.yaml"), &["--seed", "99"]);
    assert_ne!(a.edition["fingerprint"], b.edition["fingerprint"]);
    let ids = |c: &Card| c.edition["scorecards"][0]["questions"].to_string();
    assert_ne!(ids(&a), ids(&b), "the two editions ask different questions");
    // Card a's form with card b's data: the questions do not match.
    let data = |doc: &lopdf::Document| {
        doc.catalog()
            .unwrap()
            .get(b"ScorecardResults")
            .unwrap()
            .as_reference()
            .unwrap()
    };
    let other = lopdf::Document::load(&b.pdf).unwrap();
    let stream = other.get_object(data(&other)).unwrap().clone();
    let mut doc = lopdf::Document::load(&a.pdf).unwrap();
    let id = data(&doc);
    doc.objects.insert(id, stream);
    let dir = tempfile::tempdir().unwrap();
    let mixed = dir.path().join("mixed.pdf");
    doc.save(&mixed).unwrap();
    scorecard(&["results", mixed.to_str().unwrap()])
        .failure()
        .stderr_has("mixed.pdf")
        .stderr_has("does not match the card edition");
}
