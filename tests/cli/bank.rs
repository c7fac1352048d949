//! The bundled Python bank: its size, its spread over topics and levels, and the quality bar
//! every question must meet.

use std::collections::BTreeMap;

use scorecard::{Bank, Level};

#[test]
fn the_bundled_bank_is_broad_and_graded() {
    let bank = Bank::bundled().expect("the bundled bank loads without errors");
    assert!(
        bank.questions.len() >= 400,
        "{} questions",
        bank.questions.len()
    );
    assert!(bank.topics.len() >= 20, "{} topics", bank.topics.len());
    let mut cells: BTreeMap<(&str, Level), usize> = BTreeMap::new();
    for q in &bank.questions {
        *cells.entry((q.topic.as_str(), q.level)).or_default() += 1;
        assert!(
            q.expected.len() >= 3,
            "{}: {} expected points",
            q.id,
            q.expected.len()
        );
        assert!(
            q.expected.iter().all(|p| p.split_whitespace().count() >= 2),
            "{}: an expected point too short to check",
            q.id
        );
        let (lo, hi) = match q.level {
            Level::Basic => (2, 6),
            Level::Intermediate => (3, 9),
            Level::Advanced => (5, 12),
            Level::Expert => (7, 16),
        };
        assert!(
            (lo..=hi).contains(&q.minutes),
            "{}: {} minutes for a {} question",
            q.id,
            q.minutes,
            q.level
        );
        assert!(
            q.id.starts_with(&format!("{}-", q.topic)),
            "{}: ids start with their topic",
            q.id
        );
    }
    for topic in &bank.topics {
        for level in Level::ALL {
            let n = cells.get(&(topic.id.as_str(), level)).copied().unwrap_or(0);
            assert!(n >= 4, "topic {} has {n} {level} questions", topic.id);
        }
    }
}

/// An answer point is one claim a candidate either made or did not: points that join several
/// with ";" are rare (a `;` inside code or a marker is fine), and each topic x level cell has
/// four questions that can be asked together (distinct concepts).
#[test]
fn points_make_one_claim_and_cells_hold_four_concepts() {
    let bank = Bank::bundled().expect("bank");
    let points: Vec<&String> = bank.questions.iter().flat_map(|q| &q.expected).collect();
    let joined = points.iter().filter(|p| p.contains(';')).count();
    assert!(
        joined * 100 <= points.len() * 5,
        "{joined} of {} points hold ';'",
        points.len()
    );
    for topic in &bank.topics {
        for level in Level::ALL {
            let cell: Vec<&scorecard::Question> = bank
                .questions
                .iter()
                .filter(|q| q.topic == topic.id && q.level == level)
                .collect();
            let concepts: std::collections::BTreeSet<&str> = cell
                .iter()
                .map(|q| q.concept.as_deref().unwrap_or(q.id.as_str()))
                .collect();
            assert!(
                concepts.len() >= 4,
                "topic {} {level}: {} distinct concepts",
                topic.id,
                concepts.len()
            );
        }
    }
}

#[test]
fn code_in_prompts_is_fenced_and_short_enough_to_print() {
    let bank = Bank::bundled().expect("bank");
    for q in &bank.questions {
        let fences = q
            .prompt
            .lines()
            .filter(|l| l.trim_start().starts_with("```"))
            .count();
        assert!(fences % 2 == 0, "{}: unbalanced code fence", q.id);
        let mut in_code = false;
        for line in q.prompt.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            } else if in_code {
                assert!(
                    line.chars().count() <= 80,
                    "{}: code line of {} characters",
                    q.id,
                    line.chars().count()
                );
            }
        }
    }
}
