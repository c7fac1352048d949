//! The debrief as plain data: one candidate's panel results side by side (per topic, per
//! question, the recommendations, and where the panel disagrees), and the comparison of the
//! candidates of one edition. This is what `--format json` writes and what the HTML and PDF
//! renderers read.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::bank::Level;
use crate::results::{BankRef, Recommendation};

/// The value of `format` in every debrief JSON of this version.
pub(crate) const FORMAT: &str = "scorecard-debrief/1";
/// The value of `format` in every comparison JSON of this version.
pub(crate) const COMPARISON_FORMAT: &str = "scorecard-comparison/1";

/// Two interviewers this many rubric levels apart on a topic (or more) disagree.
pub(crate) const DISAGREEMENT: f64 = 2.0;

/// One candidate's debrief.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Debrief {
    pub format: &'static str,
    /// The edition code the panel's cards carry.
    pub fingerprint: String,
    pub bank: BankRef,
    pub role: String,
    pub seniority: String,
    pub candidate: Option<String>,
    pub date: String,
    /// The rubric's labels, lowest first; scores go from 1 to their number.
    pub rubric: Vec<String>,
    /// Whether every panel member handed in results.
    pub complete: bool,
    /// The panel in its order (one member with a null name without a panel).
    pub panel: Vec<Member>,
    /// Where the panel disagrees: topics scored two or more levels apart, and
    /// recommendations on both sides of yes/no.
    pub flags: Vec<Flag>,
    /// Per topic, in the order the panel's cards first ask about it.
    pub topics: Vec<TopicScores>,
    pub recommendations: Recommendations,
    /// Every question asked, by topic, then panel order, then card order.
    pub questions: Vec<QuestionResult>,
    /// Each interviewer's free text beyond the questions, in panel order.
    pub notes: Vec<InterviewerNotes>,
}

/// A panel member and whether their results are in.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Member {
    pub name: Option<String>,
    pub handed_in: bool,
    /// The file their results came from (its name, without the folder).
    pub file: Option<String>,
}

/// A disagreement to talk about first.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Flag {
    /// `topic` (scores two or more levels apart) or `recommendation` (both sides of yes/no).
    pub kind: &'static str,
    /// The topic, for a topic flag.
    pub topic: Option<String>,
    /// The interviewers concerned.
    pub interviewers: Vec<String>,
    /// The flag in words.
    pub message: String,
}

/// Every interviewer's score on one topic, and the panel's average.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TopicScores {
    pub topic: String,
    /// One entry per interviewer who asked about this topic, in panel order.
    pub scores: Vec<TopicScore>,
    /// The mean of the interviewers' topic scores, over those who scored it (2 decimals).
    pub average: Option<f64>,
    /// Highest minus lowest interviewer score (2 decimals).
    pub spread: Option<f64>,
    /// Whether two interviewers are two or more rubric levels apart here.
    pub disagreement: bool,
}

/// One interviewer on one topic.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TopicScore {
    pub interviewer: Option<String>,
    /// Index of the interviewer in `panel`.
    pub member: usize,
    /// Questions asked on this topic, and how many of them were scored.
    pub questions: usize,
    pub scored: usize,
    /// The mean of the scored questions' scores (2 decimals); null when none was scored.
    pub score: Option<f64>,
    /// Expected answer points the candidate covered, of all the topic's points.
    pub points_hit: usize,
    pub points: usize,
}

/// The recommendations tallied, with each interviewer's.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Recommendations {
    /// One entry per level, strong no first, with who gave it.
    pub tally: Vec<Tally>,
    /// Each interviewer who handed in results, in panel order.
    pub given: Vec<Given>,
    /// Whether the recommendations fall on both sides of yes/no.
    pub split: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Tally {
    pub recommendation: Recommendation,
    pub count: usize,
    pub interviewers: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Given {
    pub interviewer: Option<String>,
    pub member: usize,
    pub recommendation: Option<Recommendation>,
    pub reasons: String,
}

/// One question as asked and scored.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuestionResult {
    pub interviewer: Option<String>,
    pub member: usize,
    pub id: String,
    pub topic: String,
    pub level: Level,
    pub prompt: String,
    pub expected: Vec<String>,
    pub points: Vec<bool>,
    pub points_hit: usize,
    pub score: Option<u32>,
    /// The rubric label of the score.
    pub score_label: Option<String>,
    pub notes: String,
}

/// An interviewer's comments per topic, the candidate's questions and general notes.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct InterviewerNotes {
    pub interviewer: Option<String>,
    pub member: usize,
    pub topic_comments: BTreeMap<String, String>,
    pub candidate_questions: String,
    pub notes: String,
}

/// The candidates of one edition side by side.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Comparison {
    pub format: &'static str,
    pub fingerprint: String,
    pub bank: BankRef,
    pub role: String,
    pub seniority: String,
    pub rubric: Vec<String>,
    /// The columns: every topic of the edition's cards.
    pub topics: Vec<String>,
    /// One row per candidate, by name.
    pub candidates: Vec<CandidateRow>,
}

/// One candidate in a comparison.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CandidateRow {
    pub candidate: Option<String>,
    pub date: String,
    pub complete: bool,
    pub handed_in: usize,
    pub panel: usize,
    /// The panel average per topic, in the order of `topics` (null where nobody scored it).
    pub topics: Vec<Option<f64>>,
    /// The mean of the topic averages (2 decimals).
    pub average: Option<f64>,
    /// How many interviewers gave each recommendation.
    pub recommendations: Counts,
    /// How many disagreement flags the candidate's debrief has.
    pub flags: usize,
    /// The file name stem of the candidate's debrief.
    pub debrief: String,
}

/// Recommendations counted per level.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Counts {
    pub strong_no: usize,
    pub no: usize,
    pub yes: usize,
    pub strong_yes: usize,
}

impl Counts {
    pub(crate) fn get(&self, r: Recommendation) -> usize {
        match r {
            Recommendation::StrongNo => self.strong_no,
            Recommendation::No => self.no,
            Recommendation::Yes => self.yes,
            Recommendation::StrongYes => self.strong_yes,
        }
    }

    pub(super) fn add(&mut self, r: Recommendation) {
        match r {
            Recommendation::StrongNo => self.strong_no += 1,
            Recommendation::No => self.no += 1,
            Recommendation::Yes => self.yes += 1,
            Recommendation::StrongYes => self.strong_yes += 1,
        }
    }
}

/// Two decimals: what the outputs show and the JSON holds.
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// How a (possibly unnamed) interviewer is called in sentences.
pub(crate) fn who(name: Option<&str>) -> &str {
    name.unwrap_or("the interviewer")
}

pub(super) fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// "Recommendation::StrongNo" → "strong no".
pub(crate) fn words(r: Recommendation) -> &'static str {
    match r {
        Recommendation::StrongNo => "strong no",
        Recommendation::No => "no",
        Recommendation::Yes => "yes",
        Recommendation::StrongYes => "strong yes",
    }
}

/// A score as shown: "3", "2.5", "2.33".
pub(crate) fn show(score: f64) -> String {
    let s = format!("{:.2}", round2(score));
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl Debrief {
    /// The panel members whose results are missing.
    pub(crate) fn missing(&self) -> Vec<&str> {
        self.panel
            .iter()
            .filter(|m| !m.handed_in)
            .map(|m| who(m.name.as_deref()))
            .collect()
    }

    /// The recommendation panel member `member` gave, if any.
    pub(crate) fn recommendation_of(&self, member: usize) -> Option<Recommendation> {
        self.recommendations
            .given
            .iter()
            .find(|g| g.member == member)
            .and_then(|g| g.recommendation)
    }

    /// The file name stem: date, role, candidate, `debrief`.
    pub(crate) fn stem(&self) -> String {
        use crate::render::slug;
        let mut parts = vec![self.date.clone(), slug(&self.role)];
        parts.extend(self.candidate.as_deref().map(slug));
        parts.push("debrief".to_owned());
        parts.join("-")
    }

    /// The mean of the topic averages.
    pub(crate) fn average(&self) -> Option<f64> {
        mean(self.topics.iter().filter_map(|t| t.average)).map(round2)
    }
}

impl Comparison {
    /// The file name stem: role, edition code, `comparison`.
    pub(crate) fn stem(&self) -> String {
        use crate::render::slug;
        format!(
            "{}-{}-comparison",
            slug(&self.role),
            slug(&self.fingerprint)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Results;

    /// One interviewer's results on topic `t`, one question per score.
    fn results(who: &str, scores: &[Option<u32>], rec: &str) -> Results {
        let questions: Vec<serde_json::Value> = scores
            .iter()
            .enumerate()
            .map(|(i, s)| {
                serde_json::json!({"id": format!("{who}-{i}"), "topic": "t", "level": "basic",
                    "prompt": "p", "expected": ["a", "b"], "points": [true, i % 2 == 0], "score": s})
            })
            .collect();
        serde_json::from_value(serde_json::json!({
            "format": "scorecard-results/1", "fingerprint": "abcd-ef01",
            "bank": {"name": "b", "version": "1"}, "role": "R", "seniority": "mid",
            "candidate": "C", "date": "2026-11-24", "interviewer": who,
            "panel": ["A", "B", "C"], "rubric": ["1", "2", "3", "4"],
            "questions": questions, "recommendation": rec,
        }))
        .expect("valid results")
    }

    fn debrief(all: &[Results]) -> Debrief {
        let handed: Vec<(&str, &Results)> = all.iter().map(|r| ("f.json", r)).collect();
        Debrief::new(&handed)
    }

    #[test]
    fn exactly_two_levels_apart_is_a_disagreement_and_less_is_not() {
        let d = debrief(&[
            results("A", &[Some(1), Some(2)], "yes"),
            results("B", &[Some(3), Some(4)], "yes"),
        ]);
        let t = &d.topics[0];
        assert_eq!(
            (t.scores[0].score, t.scores[1].score),
            (Some(1.5), Some(3.5))
        );
        assert_eq!(
            (t.average, t.spread, t.disagreement),
            (Some(2.5), Some(2.0), true)
        );
        assert_eq!(d.flags.len(), 1);
        assert!(!d.complete);
        assert_eq!(d.missing(), ["C"]);

        let d = debrief(&[
            results("A", &[Some(1), Some(2), None], "no"),
            results("B", &[Some(3), Some(3)], "strong-no"),
        ]);
        let t = &d.topics[0];
        assert_eq!((t.scores[0].scored, t.scores[0].questions), (2, 3));
        assert_eq!((t.spread, t.disagreement), (Some(1.5), false));
        assert!(d.flags.is_empty(), "{:?}", d.flags);
    }

    #[test]
    fn recommendations_on_both_sides_are_flagged_and_tallied() {
        let d = debrief(&[
            results("A", &[Some(3)], "strong-yes"),
            results("B", &[Some(3)], "no"),
            results("C", &[None], "yes"),
        ]);
        assert!(d.complete);
        assert!(d.recommendations.split);
        let counts: Vec<usize> = d.recommendations.tally.iter().map(|t| t.count).collect();
        assert_eq!(counts, [0, 1, 1, 1]);
        assert_eq!(d.flags.len(), 1);
        assert_eq!(d.flags[0].kind, "recommendation");
        // C scored nothing: the average is over those who scored.
        assert_eq!(d.topics[0].average, Some(3.0));
        assert_eq!(d.topics[0].scores[2].score, None);
        assert_eq!(show(2.0), "2");
        assert_eq!(show(2.333_333), "2.33");
    }
}
