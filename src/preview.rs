//! `scorecard preview`: the picked questions and how well they meet the balance rules, as
//! plain-text tables for the terminal.

use std::fmt::Write as _;

use crate::bank::Level;
use crate::edition::Edition;
use crate::select::Selection;
use crate::spec::{Plan, Presentation};

/// Render the preview of an edition.
pub(crate) fn table(
    plan: &Plan,
    presentation: &Presentation,
    selection: &Selection,
    edition: &Edition,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}) · seed {} · edition {} · bank {} {}",
        edition.role,
        presentation.seniority.name(),
        edition.seed,
        edition.fingerprint,
        edition.bank.name,
        edition.bank.version
    );
    for (form, card) in selection.forms.iter().zip(&edition.scorecards) {
        let _ = writeln!(out);
        if let Some(name) = &card.interviewer {
            let _ = writeln!(out, "Interviewer: {name}");
        }
        let rows: Vec<[String; 6]> = card
            .questions
            .iter()
            .map(|q| {
                [
                    q.number.to_string(),
                    q.id.clone(),
                    q.topic.clone(),
                    q.level.name().to_owned(),
                    q.minutes.to_string(),
                    first_line(&q.prompt),
                ]
            })
            .collect();
        out.push_str(&grid(
            &["#", "id", "topic", "level", "min", "question"],
            &rows,
        ));
        if !card.swapped.is_empty() {
            let _ = writeln!(out, "\nSwapped (against the card without exclusions)");
            let swaps: Vec<[String; 3]> = card
                .swapped
                .iter()
                .map(|s| [s.out.clone(), s.r#in.clone(), s.reason.to_owned()])
                .collect();
            out.push_str(&grid(&["out", "in", "why"], &swaps));
        }
        let _ = writeln!(out, "\nBalance");
        let total_weight: u32 = form.topics.iter().map(|(_, w)| w).sum();
        let n = card.questions.len() as f64;
        let mut balance: Vec<[String; 5]> = Vec::new();
        for (i, (topic, weight)) in form.topics.iter().enumerate() {
            let picked = card.questions.iter().filter(|q| &q.topic == topic).count();
            let exact = n * f64::from(*weight) / f64::from(total_weight.max(1));
            balance.push([
                "topic".to_owned(),
                topic.clone(),
                format!("{exact:.2}"),
                form.topic_quota[i].to_string(),
                picked.to_string(),
            ]);
        }
        let mix_total: u32 = plan.mix.iter().sum();
        for level in Level::ALL {
            let weight = plan.mix[level.index()];
            if weight == 0 {
                continue;
            }
            let picked = card.questions.iter().filter(|q| q.level == level).count();
            let exact = n * f64::from(weight) / f64::from(mix_total.max(1));
            balance.push([
                "level".to_owned(),
                level.name().to_owned(),
                format!("{exact:.2}"),
                form.level_quota[level.index()].to_string(),
                picked.to_string(),
            ]);
        }
        out.push_str(&grid(
            &["", "name", "exact share", "wanted", "picked"],
            &balance,
        ));
        let _ = writeln!(
            out,
            "minutes: {} of {} (at least {} required)",
            card.total_minutes, plan.duration, form.min_minutes
        );
    }
    out
}

/// Longest question text shown in the preview table, in characters.
const FIRST_LINE_CHARS: usize = 72;

/// The first line of a prompt as the interviewer will read it: its first paragraph (a bank's
/// prompt is often wrapped in its file), markup quotes dropped, control characters and runs
/// of white space made single spaces, cut with an ellipsis when long.
fn first_line(prompt: &str) -> String {
    let paragraph: Vec<&str> = prompt
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty() || l.starts_with("```"))
        .take_while(|l| !l.is_empty() && !l.starts_with("```"))
        .collect();
    let clean: String = paragraph
        .join(" ")
        .chars()
        .filter(|&c| c != '`')
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let words = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() <= FIRST_LINE_CHARS {
        return words;
    }
    let cut: String = words.chars().take(FIRST_LINE_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// A left-aligned text table with a header rule.
fn grid<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect();
        format!("{}\n", parts.join("  ").trim_end())
    };
    let mut out = line(header.to_vec());
    out.push_str(&line(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    ));
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::first_line;

    #[test]
    fn first_line_is_plain_and_short() {
        assert_eq!(
            first_line("\nWhat does `len(x)`\nreturn?\n\nMore."),
            "What does len(x) return?"
        );
        assert_eq!(first_line("```python\nx\n```"), "x");
        let long = first_line(&"word ".repeat(40));
        assert_eq!(long.chars().count(), 72);
        assert!(long.ends_with('…'));
        assert_eq!(first_line("a\u{7}b"), "a b");
    }
}
