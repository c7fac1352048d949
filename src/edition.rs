//! The edition: everything a scorecard shows, as plain data. It is what `--format json`
//! writes and what every renderer reads; renderers never go back to the spec or the bank.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::bank::{Bank, Level};
use crate::select::{Form, Selection};
use crate::spec::{Layout, Paper, Plan, Presentation, RubricLevel, Seniority};

/// The overall recommendation, with no neutral option.
pub const RECOMMENDATIONS: [&str; 4] = ["strong no", "no", "yes", "strong yes"];

#[derive(Debug, Clone, Serialize)]
pub struct BankInfo {
    pub name: String,
    pub version: String,
    pub title: String,
}

/// One generated edition of a spec: one scorecard per interviewer.
#[derive(Debug, Clone, Serialize)]
pub struct Edition {
    pub seed: u64,
    /// Short hash of the spec's selection-relevant content, the bank version and the seed.
    pub fingerprint: String,
    pub bank: BankInfo,
    pub role: String,
    pub seniority: Seniority,
    pub candidate: Option<String>,
    pub date: String,
    /// Minutes of questions for one interviewer.
    pub duration: u32,
    pub paper: Paper,
    /// Left out of the JSON when roomy, the default, as are `intro` and `closing` when 0:
    /// a spec without them exports what it always did.
    #[serde(skip_serializing_if = "is_roomy")]
    pub layout: Layout,
    /// Minutes before the questions; the time markers count from their end.
    #[serde(skip_serializing_if = "is_zero")]
    pub intro: u32,
    /// Minutes after the questions for the candidate's questions.
    #[serde(skip_serializing_if = "is_zero")]
    pub closing: u32,
    pub rubric: Vec<RubricLevel>,
    pub recommendations: Vec<String>,
    pub scorecards: Vec<Scorecard>,
}

/// One interviewer's card.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub interviewer: Option<String>,
    pub total_minutes: u32,
    /// Topics covered on this card, in the spec's order, with counts.
    pub topics: Vec<TopicSummary>,
    pub questions: Vec<CardQuestion>,
    /// Questions exchanged because of exclusions (`exclude`, or what the candidate was asked
    /// before), against the card the spec gives without them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub swapped: Vec<Swapped>,
}

/// One exchanged question, by id.
#[derive(Debug, Clone, Serialize)]
pub struct Swapped {
    pub out: String,
    pub r#in: String,
    /// `excluded` when `out` was excluded; `balance` when it made way so the card keeps
    /// its topic and level counts and its time.
    pub reason: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicSummary {
    pub id: String,
    pub title: String,
    pub questions: u32,
    pub minutes: u32,
}

/// A picked question with its place on the card.
#[derive(Debug, Clone, Serialize)]
pub struct CardQuestion {
    pub number: usize,
    pub id: String,
    pub topic: String,
    pub topic_title: String,
    pub level: Level,
    pub minutes: u32,
    /// Running time marker: the question is asked from `start_minute` to `end_minute`, counted
    /// from the start of the slot (so the first question starts when the intro ends).
    pub start_minute: u32,
    pub end_minute: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concept: Option<String>,
    pub prompt: String,
    pub expected: Vec<String>,
    pub follow_ups: Vec<String>,
    pub red_flags: Vec<String>,
    pub tags: Vec<String>,
    /// The question this one replaces on the card the spec gives without exclusions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
}

impl Edition {
    /// Assemble the edition from a plan, its presentation, its bank and the picked questions.
    pub fn new(
        plan: &Plan,
        presentation: &Presentation,
        bank: &Bank,
        selection: &Selection,
    ) -> Edition {
        let look = presentation;
        let scorecards = selection
            .forms
            .iter()
            .map(|form| scorecard(form, look.intro, bank))
            .collect();
        Edition {
            seed: plan.seed,
            fingerprint: fingerprint(plan, presentation, bank, selection),
            bank: BankInfo {
                name: bank.name.clone(),
                version: bank.version.clone(),
                title: bank.title.clone(),
            },
            role: look.role.clone(),
            seniority: look.seniority,
            candidate: look.candidate.clone(),
            date: look.date.format("%Y-%m-%d").to_string(),
            duration: plan.duration,
            paper: look.paper,
            layout: look.layout,
            intro: look.intro,
            closing: look.closing,
            rubric: look.rubric.clone(),
            recommendations: RECOMMENDATIONS.iter().map(|s| (*s).to_owned()).collect(),
            scorecards,
        }
    }

    /// Whether this edition has a panel (named interviewers).
    pub fn has_panel(&self) -> bool {
        self.scorecards.iter().any(|c| c.interviewer.is_some())
    }

    /// The slot's agenda for one card: (label, from minute, to minute) for the intro, the
    /// questions and the candidate's questions; empty without `intro` and `closing`.
    pub fn agenda(&self, card: &Scorecard) -> Vec<(&'static str, u32, u32)> {
        if self.intro == 0 && self.closing == 0 {
            return Vec::new();
        }
        // The questions' part is the planned duration (the card's questions keep within it).
        let _ = card;
        let questions_end = self.intro + self.duration;
        let mut agenda = Vec::new();
        if self.intro > 0 {
            agenda.push(("intro", 0, self.intro));
        }
        agenda.push(("questions", self.intro, questions_end));
        if self.closing > 0 {
            agenda.push((
                "candidate's questions",
                questions_end,
                questions_end + self.closing,
            ));
        }
        agenda
    }

    /// The agenda as one line: "intro 0–5 · questions 5–45 · candidate's questions 45–50".
    pub fn agenda_line(&self, card: &Scorecard) -> Option<String> {
        let parts: Vec<String> = self
            .agenda(card)
            .into_iter()
            .map(|(label, from, to)| format!("{label} {from}–{to}"))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// Minutes of the whole slot: intro, questions and the candidate's questions.
    pub fn slot_minutes(&self) -> u32 {
        self.intro + self.duration + self.closing
    }

    /// Topic ids covered anywhere in the edition, in first-seen order.
    pub fn all_topics(&self) -> Vec<(&str, &str)> {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for card in &self.scorecards {
            for t in &card.topics {
                if !seen.iter().any(|(id, _)| *id == t.id) {
                    seen.push((&t.id, &t.title));
                }
            }
        }
        seen
    }
}

/// One interviewer's card: the picked questions in order with their time markers (counted
/// from the end of the `intro` minutes), the topics covered, and what was exchanged.
fn scorecard(form: &Form, intro: u32, bank: &Bank) -> Scorecard {
    let mut clock = intro;
    let questions: Vec<CardQuestion> = form
        .questions
        .iter()
        .enumerate()
        .map(|(i, &qi)| {
            let q = &bank.questions[qi];
            let start = clock;
            clock += q.minutes;
            CardQuestion {
                number: i + 1,
                id: q.id.clone(),
                topic: q.topic.clone(),
                topic_title: bank
                    .topic(&q.topic)
                    .map(|t| t.title.clone())
                    .unwrap_or_default(),
                level: q.level,
                minutes: q.minutes,
                start_minute: start,
                end_minute: clock,
                concept: q.concept.clone(),
                prompt: q.prompt.clone(),
                expected: q.expected.clone(),
                follow_ups: q.follow_ups.clone(),
                red_flags: q.red_flags.clone(),
                tags: q.tags.clone(),
                replaces: form
                    .swaps
                    .iter()
                    .find(|s| s.r#in == qi)
                    .map(|s| bank.questions[s.out].id.clone()),
            }
        })
        .collect();
    let topics = form
        .topics
        .iter()
        .map(|(id, _)| {
            let on_card = questions.iter().filter(|q| &q.topic == id);
            let (count, minutes) = on_card.fold((0, 0), |(c, m), q| (c + 1, m + q.minutes));
            TopicSummary {
                id: id.clone(),
                title: bank.topic(id).map(|t| t.title.clone()).unwrap_or_default(),
                questions: count,
                minutes,
            }
        })
        .filter(|t| t.questions > 0)
        .collect();
    Scorecard {
        interviewer: form.interviewer.clone(),
        total_minutes: clock - intro,
        topics,
        questions,
        swapped: form
            .swaps
            .iter()
            .map(|s| Swapped {
                out: bank.questions[s.out].id.clone(),
                r#in: bank.questions[s.r#in].id.clone(),
                reason: if s.excluded { "excluded" } else { "balance" },
            })
            .collect(),
    }
}

/// A short hash of what decides the questions: the resolved spec, the bank's name and
/// version, the seed, and the questions exchanged for what the candidate was asked before. Panel members compare it to know they hold the same edition.
pub fn fingerprint(plan: &Plan, look: &Presentation, bank: &Bank, selection: &Selection) -> String {
    let mut h = Sha256::new();
    let mut field = |name: &str, value: &str| {
        h.update(name.as_bytes());
        h.update(b"=");
        h.update(value.as_bytes());
        h.update(b"\n");
    };
    field("role", &look.role);
    field("seniority", look.seniority.name());
    field("duration", &plan.duration.to_string());
    field(
        "questions",
        &plan.questions.map(|q| q.to_string()).unwrap_or_default(),
    );
    for (topic, weight) in &plan.topics {
        field("topic", &format!("{topic}:{weight}"));
    }
    field("mix", &format!("{:?}", plan.mix));
    for id in &plan.exclude {
        field("exclude", id);
    }
    for member in &plan.panel {
        field(
            "panel",
            &format!("{}:{}", member.name, member.topics.join(",")),
        );
    }
    // Only when set, so editions of specs without them keep their codes.
    if look.intro > 0 {
        field("intro", &look.intro.to_string());
    }
    if look.closing > 0 {
        field("closing", &look.closing.to_string());
    }
    for level in &look.rubric {
        field("rubric", &format!("{}:{}", level.label, level.anchor));
    }
    field("bank", &bank.name);
    field("version", &bank.version);
    field("seed", &plan.seed.to_string());
    // What a candidate was asked before changes the edition only where it changed the card.
    if !plan.asked.is_empty() {
        for swap in selection.forms.iter().flat_map(|f| &f.swaps) {
            field(
                "swap",
                &format!(
                    "{}>{}",
                    bank.questions[swap.out].id, bank.questions[swap.r#in].id
                ),
            );
        }
    }
    let digest = h.finalize();
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{}-{}", &hex[..4], &hex[4..])
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_roomy(layout: &Layout) -> bool {
    *layout == Layout::Roomy
}
