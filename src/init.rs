//! `scorecard init`: a commented starter spec, filled in for a seniority and the bundled
//! bank's topics, that generates as it is.

use std::fmt::Write as _;

use crate::bank::{Bank, Level};
use crate::spec::Seniority;

/// The starter spec with `{{placeholders}}`; see [`starter`].
const TEMPLATE: &str = include_str!("../templates/init.yaml");

/// The job title the starter uses for a seniority.
fn role(seniority: Seniority) -> &'static str {
    match seniority {
        Seniority::Junior => "Junior Python Engineer",
        Seniority::Mid => "Python Engineer",
        Seniority::Senior => "Senior Python Engineer",
        Seniority::Staff => "Staff Python Engineer",
        Seniority::Principal => "Principal Python Engineer",
    }
}

/// The starter spec for `seniority`, listing every topic of `bank` with weight 1 (and its
/// title as a comment).
pub(crate) fn starter(seniority: Seniority, bank: &Bank) -> String {
    let width = bank
        .topics
        .iter()
        .map(|t| t.id.chars().count())
        .max()
        .unwrap_or(0);
    let mut topics = String::new();
    for t in &bank.topics {
        let key = format!("{}:", t.id);
        let _ = writeln!(topics, "  {key:<w$} 1   # {}", t.title, w = width + 1);
    }
    let mix: Vec<String> = Level::ALL
        .iter()
        .zip(seniority.default_mix())
        .map(|(level, share)| format!("{level}: {share}"))
        .collect();
    let focus = bank.topics.first().map_or("", |t| t.id.as_str());
    TEMPLATE
        .replace("{{role}}", role(seniority))
        .replace("{{seniority}}", seniority.name())
        .replace("{{topics}}\n", &topics)
        .replace("{{mix}}", &format!("{{{}}}", mix.join(", ")))
        .replace("{{focus}}", focus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled() {
        let bank = Bank::bundled().expect("bundled bank");
        for seniority in Seniority::ALL {
            let text = starter(seniority, &bank);
            assert!(!text.contains("{{"), "{text}");
            assert!(text.contains(&format!("seniority: {}\n", seniority.name())));
            for topic in &bank.topics {
                assert!(
                    text.contains(&format!("\n  {}: ", topic.id)),
                    "{}",
                    topic.id
                );
            }
        }
        let senior = starter(Seniority::Senior, &bank);
        assert!(senior.contains("# mix: {basic: 0, intermediate: 30, advanced: 50, expert: 20}"));
    }
}
