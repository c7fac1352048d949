//! Assembling the debrief of one candidate from the panel's results (scores per topic,
//! disagreements, recommendations, every question), and the comparison of the candidates of
//! one edition from their debriefs.

use super::model::{
    COMPARISON_FORMAT, CandidateRow, Comparison, Counts, DISAGREEMENT, Debrief, FORMAT, Flag,
    Given, InterviewerNotes, Member, QuestionResult, Recommendations, Tally, TopicScore,
    TopicScores, mean, round2, show, who,
};
use crate::results::{Recommendation, Results};

impl Debrief {
    /// The debrief of one candidate's results, all of one edition (checked by the caller):
    /// `handed` holds each result with the file it came from.
    pub(crate) fn new(handed: &[(&str, &Results)]) -> Debrief {
        let first = handed[0].1;
        let (panel, present) = panel_of(handed);
        // Topics in the order the cards first ask about them.
        let mut order: Vec<&str> = Vec::new();
        for (_, r) in &present {
            for q in &r.questions {
                if !order.contains(&q.topic.as_str()) {
                    order.push(&q.topic);
                }
            }
        }
        let topics: Vec<TopicScores> = order
            .iter()
            .map(|topic| topic_scores(topic, &present))
            .collect();
        let mut flags: Vec<Flag> = topics.iter().filter_map(disagreement).collect();
        let recommendations = recommendations(&present);
        flags.extend(split_flag(&recommendations));
        let notes = present
            .iter()
            .map(|&(i, r)| InterviewerNotes {
                interviewer: r.interviewer.clone(),
                member: i,
                topic_comments: r.topic_comments.clone(),
                candidate_questions: r.candidate_questions.clone(),
                notes: r.notes.clone(),
            })
            .collect();
        Debrief {
            format: FORMAT,
            fingerprint: first.fingerprint.clone(),
            bank: first.bank.clone(),
            role: first.role.clone(),
            seniority: first.seniority.clone(),
            candidate: first.candidate.clone(),
            date: first.date.clone(),
            rubric: first.rubric.clone(),
            complete: panel.iter().all(|m| m.handed_in),
            panel,
            flags,
            topics,
            recommendations,
            questions: question_results(&order, &present),
            notes,
        }
    }
}

/// The panel in its order (without a panel, the one interviewer), and the results handed in,
/// each with its member's place.
fn panel_of<'a>(handed: &[(&'a str, &'a Results)]) -> (Vec<Member>, Vec<(usize, &'a Results)>) {
    let first = handed[0].1;
    let names: Vec<Option<String>> = if first.panel.is_empty() {
        vec![first.interviewer.clone()]
    } else {
        first.panel.iter().cloned().map(Some).collect()
    };
    let mut by_member: Vec<Option<(&str, &Results)>> = vec![None; names.len()];
    for &(file, r) in handed {
        if let Some(i) = names.iter().position(|n| *n == r.interviewer) {
            by_member[i] = Some((file, r));
        }
    }
    let panel: Vec<Member> = names
        .iter()
        .zip(&by_member)
        .map(|(name, got)| Member {
            name: name.clone(),
            handed_in: got.is_some(),
            file: got.map(|(f, _)| f.to_owned()),
        })
        .collect();
    let present = by_member
        .iter()
        .enumerate()
        .filter_map(|(i, got)| got.map(|(_, r)| (i, r)))
        .collect();
    (panel, present)
}

/// A topic whose scores lie two or more rubric levels apart, as a flag naming the highest and
/// the lowest scorer.
fn disagreement(t: &TopicScores) -> Option<Flag> {
    if !t.disagreement {
        return None;
    }
    let scored = || t.scores.iter().filter_map(|s| s.score.map(|v| (s, v)));
    let (lo, lv) = scored().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let (hi, hv) = scored().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let (lo_name, hi_name) = (
        who(lo.interviewer.as_deref()).to_owned(),
        who(hi.interviewer.as_deref()).to_owned(),
    );
    Some(Flag {
        kind: "topic",
        topic: Some(t.topic.clone()),
        message: format!(
            "{}: {hi_name} scored {}, {lo_name} scored {}, {} rubric levels apart",
            t.topic,
            show(hv),
            show(lv),
            show(hv - lv)
        ),
        interviewers: vec![hi_name, lo_name],
    })
}

/// Each recommendation with who gave it, each interviewer's with their reasons, and whether
/// the panel is split between yes and no.
fn recommendations(present: &[(usize, &Results)]) -> Recommendations {
    let mut tally: Vec<Tally> = Recommendation::ALL
        .iter()
        .map(|&r| Tally {
            recommendation: r,
            count: 0,
            interviewers: Vec::new(),
        })
        .collect();
    let mut given = Vec::new();
    for &(i, r) in present {
        if let Some(rec) = r.recommendation
            && let Some(t) = tally.iter_mut().find(|t| t.recommendation == rec)
        {
            t.count += 1;
            t.interviewers
                .push(who(r.interviewer.as_deref()).to_owned());
        }
        given.push(Given {
            interviewer: r.interviewer.clone(),
            member: i,
            recommendation: r.recommendation,
            reasons: r.reasons.clone(),
        });
    }
    let mut recommendations = Recommendations {
        tally,
        given,
        split: false,
    };
    let (yes, no) = (
        sides(&recommendations, true),
        sides(&recommendations, false),
    );
    recommendations.split = !yes.is_empty() && !no.is_empty();
    recommendations
}

/// The interviewers who recommended yes (or no).
fn sides(recommendations: &Recommendations, yes: bool) -> Vec<String> {
    recommendations
        .tally
        .iter()
        .filter(|t| t.recommendation.is_yes() == yes)
        .flat_map(|t| t.interviewers.iter().cloned())
        .collect()
}

/// A panel split between yes and no, as a flag.
fn split_flag(recommendations: &Recommendations) -> Option<Flag> {
    if !recommendations.split {
        return None;
    }
    let (yes, no) = (sides(recommendations, true), sides(recommendations, false));
    Some(Flag {
        kind: "recommendation",
        topic: None,
        message: format!(
            "recommendations on both sides: yes from {}; no from {}",
            yes.join(", "),
            no.join(", ")
        ),
        interviewers: yes.into_iter().chain(no).collect(),
    })
}

/// Every question asked, topic by topic in `order`, each interviewer's in panel order.
fn question_results(order: &[&str], present: &[(usize, &Results)]) -> Vec<QuestionResult> {
    let mut questions = Vec::new();
    for topic in order {
        for &(i, r) in present {
            for q in r.questions.iter().filter(|q| q.topic == *topic) {
                questions.push(QuestionResult {
                    interviewer: r.interviewer.clone(),
                    member: i,
                    id: q.id.clone(),
                    topic: q.topic.clone(),
                    level: q.level,
                    prompt: q.prompt.clone(),
                    expected: q.expected.clone(),
                    points: q.points.clone(),
                    points_hit: q.points.iter().filter(|p| **p).count(),
                    score: q.score,
                    score_label: q
                        .score
                        .and_then(|s| r.rubric.get((s as usize).wrapping_sub(1)).cloned()),
                    notes: q.notes.clone(),
                });
            }
        }
    }
    questions
}

fn topic_scores(topic: &str, present: &[(usize, &Results)]) -> TopicScores {
    let mut scores = Vec::new();
    for &(i, r) in present {
        let asked: Vec<_> = r.questions.iter().filter(|q| q.topic == topic).collect();
        if asked.is_empty() {
            continue;
        }
        let values: Vec<f64> = asked
            .iter()
            .filter_map(|q| q.score.map(f64::from))
            .collect();
        scores.push(TopicScore {
            interviewer: r.interviewer.clone(),
            member: i,
            questions: asked.len(),
            scored: values.len(),
            score: mean(values).map(round2),
            points_hit: asked
                .iter()
                .map(|q| q.points.iter().filter(|p| **p).count())
                .sum(),
            points: asked.iter().map(|q| q.points.len()).sum(),
        });
    }
    // Flags and averages from the rounded topic scores, so what is shown adds up.
    let values: Vec<f64> = scores.iter().filter_map(|s| s.score).collect();
    let spread = match (
        values.iter().copied().reduce(f64::min),
        values.iter().copied().reduce(f64::max),
    ) {
        (Some(lo), Some(hi)) if values.len() > 1 => Some(round2(hi - lo)),
        _ => None,
    };
    TopicScores {
        topic: topic.to_owned(),
        average: mean(values.iter().copied()).map(round2),
        disagreement: spread.is_some_and(|s| s >= DISAGREEMENT),
        spread,
        scores,
    }
}

impl Comparison {
    /// The candidates of one edition (at least one debrief; all of the same edition).
    pub(crate) fn new(debriefs: &[&Debrief]) -> Comparison {
        let first = debriefs[0];
        let mut topics: Vec<String> = Vec::new();
        for d in debriefs {
            for t in &d.topics {
                if !topics.contains(&t.topic) {
                    topics.push(t.topic.clone());
                }
            }
        }
        let candidates = debriefs
            .iter()
            .map(|d| {
                let mut counts = Counts::default();
                for g in &d.recommendations.given {
                    if let Some(r) = g.recommendation {
                        counts.add(r);
                    }
                }
                CandidateRow {
                    candidate: d.candidate.clone(),
                    date: d.date.clone(),
                    complete: d.complete,
                    handed_in: d.panel.iter().filter(|m| m.handed_in).count(),
                    panel: d.panel.len(),
                    topics: topics
                        .iter()
                        .map(|id| {
                            d.topics
                                .iter()
                                .find(|t| t.topic == *id)
                                .and_then(|t| t.average)
                        })
                        .collect(),
                    average: d.average(),
                    recommendations: counts,
                    flags: d.flags.len(),
                    debrief: d.stem(),
                }
            })
            .collect();
        Comparison {
            format: COMPARISON_FORMAT,
            fingerprint: first.fingerprint.clone(),
            bank: first.bank.clone(),
            role: first.role.clone(),
            seniority: first.seniority.clone(),
            rubric: first.rubric.clone(),
            topics,
            candidates,
        }
    }
}
