//! `scorecard debrief`: results made from real generated cards (filled in here), then the
//! debrief's numbers (topic scores, averages, flags, missing interviewers, the comparison
//! table), its refusals to mix, hostile text, and the files it writes.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::{files_in, fixture, json, pdf_text, scorecard, squash};

const DATE: &str = "2026-11-24";

/// Generate the panel fixture's edition for `candidate` into `dir` and return it.
fn edition(dir: &Path, candidate: &str, extra: &[&str]) -> Value {
    let out = dir.join("cards");
    let spec = fixture("specs/panel.yaml");
    let mut args = vec![
        "generate",
        spec.to_str().unwrap(),
        "--format",
        "json",
        "--candidate",
        candidate,
        "--date",
        DATE,
        "--no-ledger",
        "--force",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let run = scorecard(&args);
    run.success();
    let path = PathBuf::from(run.stdout().lines().next().expect("a file written").trim());
    json(&path)
}

/// The blank results of one card of an edition, as `Results::blank` shapes them.
fn blank(edition: &Value, card: usize) -> Value {
    let c = &edition["scorecards"][card];
    json!({
        "format": "scorecard-results/1",
        "fingerprint": edition["fingerprint"],
        "bank": {"name": edition["bank"]["name"], "version": edition["bank"]["version"]},
        "role": edition["role"], "seniority": edition["seniority"],
        "candidate": edition["candidate"], "date": edition["date"],
        "interviewer": c["interviewer"],
        "panel": edition["scorecards"].as_array().unwrap().iter().map(|c| c["interviewer"].clone()).collect::<Vec<_>>(),
        "rubric": edition["rubric"].as_array().unwrap().iter().map(|r| r["label"].clone()).collect::<Vec<_>>(),
        "questions": c["questions"].as_array().unwrap().iter().map(|q| json!({
            "id": q["id"], "topic": q["topic"], "level": q["level"], "prompt": q["prompt"],
            "expected": q["expected"],
            "points": q["expected"].as_array().unwrap().iter().map(|_| false).collect::<Vec<_>>(),
            "score": null, "notes": "",
        })).collect::<Vec<_>>(),
        "topic_comments": {}, "recommendation": null, "reasons": "", "candidate_questions": "", "notes": "",
    })
}

/// Fill a card in: `score(topic, index on the topic)` for each question, the first point of
/// each ticked, a note, and the recommendation.
fn fill(mut r: Value, score: impl Fn(&str, usize) -> Option<u32>, rec: &str) -> Value {
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for q in r["questions"].as_array_mut().unwrap() {
        let topic = q["topic"].as_str().unwrap().to_owned();
        let i = seen.entry(topic.clone()).or_default();
        q["score"] = json!(score(&topic, *i));
        *i += 1;
        q["points"][0] = json!(true);
        q["notes"] = json!(format!("note on {}", q["id"].as_str().unwrap()));
    }
    r["recommendation"] = json!(rec);
    r["reasons"] = json!(format!(
        "{} because\nof two lines",
        r["interviewer"].as_str().unwrap()
    ));
    r
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
    path
}

/// The panel's results for one candidate: Grace scores graphs 3; Alan hashing 1 and sorting
/// 2; Ada hashing 3 then 4, and sorting 3 but leaves her last sorting question unscored.
fn panel_results(ed: &Value, dir: &Path) -> Vec<PathBuf> {
    let grace = fill(blank(ed, 0), |_, _| Some(3), "yes");
    let alan = fill(
        blank(ed, 1),
        |t, _| Some(if t == "hashing" { 1 } else { 2 }),
        "no",
    );
    let sorting = blank(ed, 2)["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["topic"] == "sorting")
        .count();
    let ada = fill(
        blank(ed, 2),
        |t, i| match t {
            "hashing" => Some(3 + i as u32 % 2),
            _ if i + 1 == sorting => None,
            _ => Some(3),
        },
        "strong-yes",
    );
    vec![
        write(dir, "grace.json", &grace),
        write(dir, "alan.json", &alan),
        write(dir, "ada.json", &ada),
    ]
}

fn topic<'a>(d: &'a Value, id: &str) -> &'a Value {
    d["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["topic"] == id)
        .unwrap_or_else(|| panic!("no topic {id} in {d}"))
}

fn score_of(t: &Value, who: &str) -> Value {
    t["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["interviewer"] == who)
        .map_or(Value::Null, |s| s["score"].clone())
}

fn debrief(args: &[&Path], out: &Path, extra: &[&str]) -> crate::support::Run {
    let mut a: Vec<&str> = vec!["debrief"];
    a.extend(args.iter().map(|p| p.to_str().unwrap()));
    a.extend(["--out", out.to_str().unwrap()]);
    a.extend(extra);
    scorecard(&a)
}

const STEM: &str = "2026-11-24-platform-engineer-zoe-angstrom-debrief";

#[test]
fn a_panels_numbers_flags_and_recommendations() {
    let dir = tempfile::tempdir().unwrap();
    let ed = edition(dir.path(), "Zoë Ångström", &[]);
    let files = panel_results(&ed, &dir.path().join("results"));
    let out = dir.path().join("out");
    let run = debrief(&[&dir.path().join("results")], &out, &[]);
    run.success();
    assert_eq!(
        files_in(&out),
        [
            format!("{STEM}.html"),
            format!("{STEM}.json"),
            format!("{STEM}.pdf")
        ]
    );
    let d = json(&out.join(format!("{STEM}.json")));
    assert_eq!(d["format"], "scorecard-debrief/1");
    assert_eq!(d["complete"], true);
    assert_eq!(d["fingerprint"], ed["fingerprint"]);

    // Topic scores are each interviewer's mean; the average is over those who scored.
    let graphs = topic(&d, "graphs");
    assert_eq!(score_of(graphs, "Grace Hopper"), json!(3.0));
    assert_eq!(graphs["average"], json!(3.0));
    assert_eq!(graphs["spread"], Value::Null);
    assert_eq!(graphs["scores"][0]["points_hit"], json!(5));
    assert_eq!(graphs["scores"][0]["points"], json!(10));
    let hashing = topic(&d, "hashing");
    assert_eq!(score_of(hashing, "Alan Turing"), json!(1.0));
    assert_eq!(score_of(hashing, "Ada Lovelace"), json!(3.5));
    assert_eq!(hashing["average"], json!(2.25));
    assert_eq!(hashing["spread"], json!(2.5));
    assert_eq!(hashing["disagreement"], true);
    let sorting = topic(&d, "sorting");
    assert_eq!(score_of(sorting, "Alan Turing"), json!(2.0));
    assert_eq!(score_of(sorting, "Ada Lovelace"), json!(3.0));
    let ada = &sorting["scores"].as_array().unwrap()[1];
    assert_eq!(
        (ada["questions"].clone(), ada["scored"].clone()),
        (json!(3), json!(2))
    );
    assert_eq!(sorting["average"], json!(2.5));
    assert_eq!(sorting["disagreement"], false);

    // Disagreements: hashing only among topics (sorting is one level apart), and the split
    // recommendation.
    let flags: Vec<(String, Value)> = d["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap().to_owned(), f["topic"].clone()))
        .collect();
    assert_eq!(
        flags,
        [
            ("topic".to_owned(), json!("hashing")),
            ("recommendation".to_owned(), Value::Null)
        ]
    );
    let tally: Vec<u64> = d["recommendations"]["tally"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_u64().unwrap())
        .collect();
    assert_eq!(tally, [0, 1, 1, 1]);
    assert_eq!(d["recommendations"]["split"], true);
    assert_eq!(
        d["questions"].as_array().unwrap().len(),
        15,
        "every question of the three cards"
    );

    // The HTML and the PDF show the same: flags first, reasons, notes.
    let html = std::fs::read_to_string(out.join(format!("{STEM}.html"))).unwrap();
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("{needle} not in the HTML"))
    };
    assert!(at("Disagreements") < at("Scores per topic"));
    assert!(at("<svg viewBox") < at("Panel average"));
    assert!(html.contains("<title id=\"chart-title\">"));
    assert!(html.contains(
        "hashing: Ada Lovelace scored 3.5, Alan Turing scored 1, 2.5 rubric levels apart"
    ));
    assert!(html.contains("Alan Turing because\nof two lines"));
    let text = squash(&pdf_text(
        &std::fs::read(out.join(format!("{STEM}.pdf"))).unwrap(),
    ));
    for needle in [
        "INTERVIEW DEBRIEF",
        "Complete: results from all 3 of the panel.",
        "hashing: Ada Lovelace scored 3.5, Alan Turing scored 1, 2.5 rubric levels apart",
        "recommendations on both sides: yes from Grace Hopper, Ada Lovelace; no from Alan Turing",
        "Strong no 0 · No 1 · Yes 1 · Strong yes 1",
        "note on ",
        "2.25",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} not in the PDF's text:\n{text}"
        );
    }

    // Byte-identical on a second run, whatever the order of the files given.
    let again = dir.path().join("again");
    let reversed: Vec<&Path> = files.iter().rev().map(PathBuf::as_path).collect();
    debrief(&reversed, &again, &[]).success();
    for name in files_in(&out) {
        assert_eq!(
            std::fs::read(out.join(&name)).unwrap(),
            std::fs::read(again.join(&name)).unwrap(),
            "{name} differs between runs"
        );
    }
}

#[test]
fn a_missing_interviewer_is_named_and_the_debrief_still_renders() {
    let dir = tempfile::tempdir().unwrap();
    let ed = edition(dir.path(), "Zoë Ångström", &[]);
    let files = panel_results(&ed, &dir.path().join("results"));
    let out = dir.path().join("out");
    // Grace and Ada only.
    let run = debrief(&[&files[0], &files[2]], &out, &[]);
    run.success()
        .stderr_has("note: the debrief of Zoë Ångström is incomplete: no results from Alan Turing");
    let d = json(&out.join(format!("{STEM}.json")));
    assert_eq!(d["complete"], false);
    let handed: Vec<(Value, Value)> = d["panel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].clone(), m["handed_in"].clone()))
        .collect();
    assert_eq!(
        handed,
        [
            (json!("Grace Hopper"), json!(true)),
            (json!("Alan Turing"), json!(false)),
            (json!("Ada Lovelace"), json!(true))
        ]
    );
    // Without Alan, nobody disagrees on a topic and the recommendations are all yes.
    assert_eq!(d["flags"], json!([]));
    assert_eq!(topic(&d, "hashing")["average"], json!(3.5));
    let html = std::fs::read_to_string(out.join(format!("{STEM}.html"))).unwrap();
    assert!(
        html.contains(
            "<strong>Incomplete:</strong> results from 2 of 3; not handed in: Alan Turing."
        )
    );
    let text = squash(&pdf_text(
        &std::fs::read(out.join(format!("{STEM}.pdf"))).unwrap(),
    ));
    assert!(
        text.contains("Incomplete: results from 2 of 3; not handed in: Alan Turing."),
        "{text}"
    );
}

#[test]
fn candidates_of_one_edition_get_a_comparison_table() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results");
    // Each candidate's panel scores everything k, and recommends by k.
    let people = [
        ("Cy Dee", 4, "strong-yes"),
        ("Ann Bell", 1, "strong-no"),
        ("Bo Chen", 2, "no"),
    ];
    let mut fingerprint = Value::Null;
    for (name, k, rec) in people {
        let ed = edition(dir.path(), name, &[]);
        fingerprint = ed["fingerprint"].clone();
        for card in 0..3 {
            let filled = fill(blank(&ed, card), |_, _| Some(k), rec);
            write(
                &results,
                &format!("{}-{card}.json", name.replace(' ', "-")),
                &filled,
            );
        }
    }
    // Bo Chen's third interviewer has not handed in.
    std::fs::remove_file(results.join("Bo-Chen-2.json")).unwrap();
    let out = dir.path().join("out");
    debrief(&[&results], &out, &[]).success();
    let stem = format!(
        "platform-engineer-{}-comparison",
        fingerprint.as_str().unwrap()
    );
    let names = files_in(&out);
    assert_eq!(names.len(), 12, "{names:?}");
    assert!(names.contains(&format!("{stem}.pdf")), "{names:?}");
    let c = json(&out.join(format!("{stem}.json")));
    assert_eq!(c["format"], "scorecard-comparison/1");
    assert_eq!(c["topics"], json!(["graphs", "hashing", "sorting"]));
    let rows: Vec<(Value, Value, Value, Value, Value)> = c["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["candidate"].clone(),
                r["topics"].clone(),
                r["average"].clone(),
                r["recommendations"].clone(),
                r["handed_in"].clone(),
            )
        })
        .collect();
    let counts = |sn: u32, n: u32, y: u32, sy: u32| json!({"strong-no": sn, "no": n, "yes": y, "strong-yes": sy});
    assert_eq!(
        rows,
        [
            (
                json!("Ann Bell"),
                json!([1.0, 1.0, 1.0]),
                json!(1.0),
                counts(3, 0, 0, 0),
                json!(3)
            ),
            (
                json!("Bo Chen"),
                json!([2.0, 2.0, 2.0]),
                json!(2.0),
                counts(0, 2, 0, 0),
                json!(2)
            ),
            (
                json!("Cy Dee"),
                json!([4.0, 4.0, 4.0]),
                json!(4.0),
                counts(0, 0, 0, 3),
                json!(3)
            ),
        ]
    );
    let html = std::fs::read_to_string(out.join(format!("{stem}.html"))).unwrap();
    assert!(html.find("Ann Bell").unwrap() < html.find("Bo Chen").unwrap());
    let text = squash(&pdf_text(
        &std::fs::read(out.join(format!("{stem}.pdf"))).unwrap(),
    ));
    assert!(
        text.contains("CANDIDATE COMPARISON") && text.contains("Cy Dee"),
        "{text}"
    );
}

#[test]
fn editions_and_cards_are_never_mixed_silently() {
    let dir = tempfile::tempdir().unwrap();
    let ed = edition(dir.path(), "Zoë Ångström", &[]);
    let files = panel_results(&ed, &dir.path().join("results"));
    let out = dir.path().join("out");

    // Another edition (another seed) for the same candidate.
    let other = edition(dir.path(), "Zoë Ångström", &["--seed", "12"]);
    assert_ne!(other["fingerprint"], ed["fingerprint"]);
    let stranger = write(
        &dir.path().join("other"),
        "alan-again.json",
        &fill(blank(&other, 1), |_, _| Some(2), "yes"),
    );
    debrief(&[&files[0], &stranger], &out, &[])
        .failure()
        .stderr_has("are of different editions or interviews")
        .stderr_has(files[0].to_str().unwrap())
        .stderr_has(stranger.to_str().unwrap());

    // The same interviewer's card twice.
    let twice = write(
        &dir.path().join("twice"),
        "grace-copy.json",
        &fill(blank(&ed, 0), |_, _| Some(1), "no"),
    );
    debrief(&[&files[0], &twice], &out, &[])
        .failure()
        .stderr_has("are both Grace Hopper's results for Zoë Ångström")
        .stderr_has(files[0].to_str().unwrap())
        .stderr_has(twice.to_str().unwrap());

    // An edition nobody can place: no code, or a code whose questions are not its own.
    let mut nameless = blank(&ed, 1);
    nameless["fingerprint"] = json!("");
    let nameless = write(&dir.path().join("bad"), "nameless.json", &nameless);
    debrief(&[&files[0], &nameless], &out, &[])
        .failure()
        .stderr_has("its edition is unknown")
        .stderr_has(nameless.to_str().unwrap());
    let mut forged = blank(&ed, 0);
    forged["questions"][0]["prompt"] = json!("A question this edition never had.");
    forged["candidate"] = json!("Someone Else");
    let forged = write(&dir.path().join("bad"), "forged.json", &forged);
    debrief(&[&files[0], &forged], &out, &[])
        .failure()
        .stderr_has("both claim edition")
        .stderr_has(files[0].to_str().unwrap())
        .stderr_has(forged.to_str().unwrap());
    assert!(
        files_in(&out).is_empty(),
        "a refused run wrote {:?}",
        files_in(&out)
    );
}

#[test]
fn hostile_free_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let cards = dir.path().join("cards");
    let spec = fixture("xss/spec.yaml");
    let run = scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--format",
        "json",
        "--date",
        DATE,
        "--no-ledger",
        "--out",
        cards.to_str().unwrap(),
    ]);
    run.success();
    let ed = json(Path::new(run.stdout().lines().next().unwrap().trim()));
    let hostile = [
        "</p><script>alert('notes')</script>",
        "\" onmouseover=\"alert(1)",
        "{{title}} {{{style}}} &amp; <img src=x onerror=alert(1)>",
        "]]></desc><script>alert(2)</script>",
    ];
    let results = dir.path().join("results");
    for card in 0..2 {
        let mut r = fill(blank(&ed, card), |_, i| Some(1 + 3 * (i as u32 % 2)), "yes");
        for (i, q) in r["questions"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .enumerate()
        {
            q["notes"] = json!(hostile[i % hostile.len()]);
        }
        r["reasons"] = json!(hostile[0]);
        r["notes"] = json!(hostile[2]);
        r["candidate_questions"] = json!(hostile[3]);
        let topic = r["questions"][0]["topic"].clone();
        r["topic_comments"] = json!({topic.as_str().unwrap(): hostile[1]});
        write(&results, &format!("{card}.json"), &r);
    }
    let out = dir.path().join("out");
    debrief(&[&results], &out, &[]).success();
    let html_name = files_in(&out)
        .into_iter()
        .find(|n| n.ends_with(".html"))
        .unwrap();
    let html = std::fs::read_to_string(out.join(&html_name)).unwrap();
    // Nothing hostile became markup: no script, no image, no handler, no template syntax.
    let lower = html.to_ascii_lowercase();
    assert!(
        !lower.contains("<script"),
        "a script element in {html_name}"
    );
    assert!(!lower.contains("<img"), "an image in {html_name}");
    assert!(!lower.contains(" onmouseover="), "a handler in {html_name}");
    assert!(html.contains("&lt;script&gt;alert(&#x27;notes&#x27;)&lt;/script&gt;"));
    assert!(html.contains("{{title}} {{{style}}} &amp;amp;"));
    assert!(html.contains("content=\"default-src &#x27;none&#x27;; style-src &#x27;sha256-"));
    // The JSON keeps the text exactly; the PDF shows it as text.
    let json_name = html_name.replace(".html", ".json");
    let d = json(&out.join(json_name));
    assert_eq!(d["notes"][0]["notes"], hostile[2]);
    let pdf = std::fs::read(out.join(html_name.replace(".html", ".pdf"))).unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("<script>alert('notes')</script>"), "{text}");
}

/// The filled-PDF path: a card's PDF read by `debrief` directly gives the same debrief as
/// the results `scorecard results` reads from it.
#[test]
fn filled_pdfs_debrief_as_their_results_do() {
    let dir = tempfile::tempdir().unwrap();
    let cards = dir.path().join("cards");
    let spec = fixture("specs/panel.yaml");
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--format",
        "pdf",
        "--candidate",
        "Zoë Ångström",
        "--date",
        DATE,
        "--no-ledger",
        "--out",
        cards.to_str().unwrap(),
    ])
    .success();
    let read = dir.path().join("read");
    scorecard(&[
        "results",
        cards.to_str().unwrap(),
        "--out",
        read.to_str().unwrap(),
    ])
    .success();
    let (from_pdf, from_json) = (dir.path().join("a"), dir.path().join("b"));
    debrief(&[&cards], &from_pdf, &["--format", "json"]).success();
    debrief(&[&read], &from_json, &["--format", "json"]).success();
    let mut a = json(&from_pdf.join(format!("{STEM}.json")));
    let mut b = json(&from_json.join(format!("{STEM}.json")));
    // Only the names of the files handed in differ.
    for d in [&mut a, &mut b] {
        for m in d["panel"].as_array_mut().unwrap() {
            assert_eq!(m["handed_in"], true);
            m["file"] = Value::Null;
        }
    }
    assert_eq!(a, b);
    assert_eq!(a["questions"].as_array().unwrap().len(), 15);
}
