//! Criterion benchmarks of the library parts: loading the bundled bank, selection on the
//! bundled bank and on a generated 100,000-question bank, rendering one card per format, and
//! reading a card's PDF back as results.
//! Run with `cargo bench --bench library`; `tests/bench/run.sh` times the whole binary.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use scorecard::{
    Bank, Edition, Format, Layout, Level, Origin, Paper, Plan, Presentation, Question, Seniority,
    Topic, default_rubric, select,
};

fn plan(topics: Vec<(String, u32)>, questions: Option<u32>, seed: u64) -> Plan {
    Plan {
        duration: 60,
        questions,
        topics,
        mix: Seniority::Senior.default_mix(),
        seed,
        panel: Vec::new(),
        exclude: BTreeSet::new(),
        asked: BTreeSet::new(),
    }
}

fn presentation() -> Presentation {
    Presentation {
        spec_path: PathBuf::from("bench.yaml"),
        role: "Senior Python Engineer".to_owned(),
        seniority: Seniority::Senior,
        candidate: Some("Ada Lovelace".to_owned()),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date"),
        paper: Paper::A4,
        layout: Layout::Roomy,
        intro: 0,
        closing: 0,
        rubric: default_rubric(),
        templates: None,
        fonts: Vec::new(),
    }
}

/// A bank of `n` synthetic questions over 50 topics, built in memory.
fn big_bank(n: usize) -> Bank {
    let topics: Vec<Topic> = (0..50)
        .map(|t| Topic {
            id: format!("topic-{t:03}"),
            title: format!("Topic {t}"),
            origin: Origin::file(Path::new("bench")),
        })
        .collect();
    let ranges = [(3, 5), (4, 8), (6, 10), (8, 15)];
    let questions = (0..n)
        .map(|i| {
            let t = i * 50 / n;
            let l = i % 4;
            let (lo, hi) = ranges[l];
            Question {
                id: format!("q{i}"),
                topic: topics[t].id.clone(),
                level: Level::ALL[l],
                minutes: lo + (i as u32 * 7919) % (hi - lo + 1),
                concept: (i % 5 == 0).then(|| format!("c{}", i / 50)),
                prompt: format!("Question {i}"),
                expected: vec!["a".to_owned(), "b".to_owned()],
                follow_ups: Vec::new(),
                red_flags: Vec::new(),
                tags: Vec::new(),
                origin: Origin::file(Path::new("bench")),
            }
        })
        .collect();
    Bank {
        name: "bench".to_owned(),
        title: String::new(),
        version: "1".to_owned(),
        dir: PathBuf::from("bench"),
        topics,
        questions,
    }
}

fn benches(c: &mut Criterion) {
    c.bench_function("load bundled bank (414 questions)", |b| {
        b.iter(|| black_box(Bank::bundled().expect("loads")))
    });

    let bank = Bank::bundled().expect("bundled bank");
    let all: Vec<(String, u32)> = bank.topics.iter().map(|t| (t.id.clone(), 1)).collect();
    let mut seed = 0;
    c.bench_function("select, bundled bank, senior 60 min", |b| {
        b.iter(|| {
            seed += 1;
            black_box(select(&plan(all.clone(), None, seed), &bank).expect("selects"))
        })
    });

    // Stable exclusion: the card without the exclusion, mended for one question on it.
    let open = plan(all.clone(), None, 2026);
    let on_card = select(&open, &bank).expect("selects").forms[0].questions[0];
    let mut excluding = open.clone();
    excluding.asked.insert(bank.questions[on_card].id.clone());
    c.bench_function("select, bundled bank, one asked question swapped", |b| {
        b.iter(|| black_box(select(&excluding, &bank).expect("selects")))
    });

    let big = big_bank(100_000);
    let big_topics: Vec<(String, u32)> = big.topics.iter().map(|t| (t.id.clone(), 1)).collect();
    c.bench_function("select, 100,000-question bank", |b| {
        b.iter(|| {
            seed += 1;
            black_box(select(&plan(big_topics.clone(), None, seed), &big).expect("selects"))
        })
    });

    // 75 minutes, as in run.sh: ten questions of the senior mix need more than 60.
    let mut p = plan(all.clone(), Some(10), 2026);
    p.duration = 75;
    let selection = select(&p, &bank).expect("selects");
    let edition = scorecard::edition(&p, &presentation(), &bank, &selection);
    for format in [Format::Pdf, Format::Html, Format::Json] {
        c.bench_function(&format!("render a 10-question card as {format:?}"), |b| {
            b.iter(|| black_box(scorecard::render(&edition, &[format], None).expect("renders")))
        });
    }
    // Reading a card's PDF back as results: parsing it, its form and the data it carries.
    let pdf = scorecard::render(&edition, &[Format::Pdf], None)
        .expect("renders")
        .outputs
        .into_iter()
        .find(|o| o.file_name.ends_with(".pdf"))
        .expect("a PDF")
        .bytes;
    c.bench_function("read back a 10-question card's PDF as results", |b| {
        b.iter(|| black_box(scorecard::read_results(Path::new("card.pdf"), &pdf)).expect("reads"))
    });
    // The compact layout, with an agenda: it must render no slower than the roomy card.
    let compact = Edition {
        layout: Layout::Compact,
        intro: 5,
        closing: 5,
        ..edition
    };
    c.bench_function("render a 10-question compact card as Pdf", |b| {
        b.iter(|| black_box(scorecard::render(&compact, &[Format::Pdf], None).expect("renders")))
    });
}

criterion_group! {
    name = library;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(library);
