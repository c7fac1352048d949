//! The edition: everything a scorecard shows, as plain data. It is what `--format json`
//! writes and what every renderer reads; renderers never go back to the spec or the bank.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::bank::{Bank, Level};
use crate::select::{Form, Selection};
use crate::spec::{Layout, Paper, Plan, Presentation, RubricLevel, Seniority};

/// The overall recommendation, with no neutral option.
pub(crate) const RECOMMENDATIONS: [&str; 4] = ["strong no", "no", "yes", "strong yes"];

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
    /// The edition code: a short hash of the selection's whole input and of everything the
    /// cards ask and score (see [`edition_code`]).
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
        let mut edition = Edition {
            seed: plan.seed,
            fingerprint: String::new(),
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
        };
        edition.fingerprint = edition_code(plan, &edition);
        edition
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

/// What an edition code is computed over: the whole input of the selection and everything
/// an interviewer's card asks and scores (the picked questions with their full content, the
/// bank they come from, the role, the rubric), but not who the card is for, when, or how it
/// is printed. Serialised whole, so a field added to any of these is covered without a line
/// here.
#[derive(Serialize)]
struct Identity<'a> {
    /// Without what the candidate was asked before: that changes the edition only where it
    /// changes a card, and then the card's questions and swaps say so.
    plan: &'a Plan,
    bank: &'a BankInfo,
    role: &'a str,
    seniority: Seniority,
    rubric: &'a [RubricLevel],
    scorecards: &'a [Scorecard],
}

/// The edition code: a short hash of the edition's identity as canonical JSON. Panel members
/// compare it to know they hold the same edition, and results are matched to their card by
/// it: a bank edited without a new `version` still gives a new code.
fn edition_code(plan: &Plan, edition: &Edition) -> String {
    let mut plan = plan.clone();
    plan.asked.clear();
    let identity = Identity {
        plan: &plan,
        bank: &edition.bank,
        role: &edition.role,
        seniority: edition.seniority,
        rubric: &edition.rubric,
        scorecards: &edition.scorecards,
    };
    // Serialising plain data to memory cannot fail; were it ever to, the code would still
    // be a hash of everything else.
    let json = serde_json::to_vec(&identity).unwrap_or_default();
    let digest = Sha256::digest(&json);
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{}-{}", &hex[..4], &hex[4..])
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_roomy(layout: &Layout) -> bool {
    *layout == Layout::Roomy
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    use super::*;
    use crate::spec::default_rubric;

    fn plan(bank: &Bank) -> Plan {
        Plan {
            duration: 60,
            questions: None,
            topics: bank.topics.iter().map(|t| (t.id.clone(), 1)).collect(),
            mix: Seniority::Senior.default_mix(),
            seed: 7,
            panel: Vec::new(),
            exclude: BTreeSet::new(),
            asked: BTreeSet::new(),
        }
    }

    fn presentation() -> Presentation {
        Presentation {
            spec_path: PathBuf::from("spec.yaml"),
            role: "Senior Python Engineer".to_owned(),
            seniority: Seniority::Senior,
            candidate: Some("Ada Lovelace".to_owned()),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date"),
            paper: Paper::A4,
            layout: Layout::Roomy,
            intro: 0,
            closing: 0,
            rubric: default_rubric(),
            templates: None,
            fonts: Vec::new(),
        }
    }

    fn code(plan: &Plan, look: &Presentation, bank: &Bank) -> String {
        let selection = crate::select::select(plan, bank).expect("selects");
        Edition::new(plan, look, bank, &selection).fingerprint
    }

    #[test]
    fn the_code_ignores_who_when_and_how_printed() {
        let bank = Bank::bundled().expect("the bundled bank");
        let plan = plan(&bank);
        let look = presentation();
        let mut other = presentation();
        other.candidate = Some("Grace Hopper".to_owned());
        other.date = chrono::NaiveDate::from_ymd_opt(2027, 1, 2).expect("a date");
        other.paper = Paper::Letter;
        other.layout = Layout::Compact;
        assert_eq!(code(&plan, &look, &bank), code(&plan, &other, &bank));
        let mut reseeded = plan.clone();
        reseeded.seed += 1;
        assert_ne!(code(&plan, &look, &bank), code(&reseeded, &look, &bank));
    }

    #[test]
    fn a_bank_edited_without_a_new_version_gives_a_new_code() {
        let bank = Bank::bundled().expect("the bundled bank");
        let plan = plan(&bank);
        let look = presentation();
        let before = code(&plan, &look, &bank);
        let selection = crate::select::select(&plan, &bank).expect("selects");
        let picked = selection.forms[0].questions[0];
        let mut edited = bank.clone();
        edited.questions[picked]
            .expected
            .push("One more point".to_owned());
        assert_eq!(edited.version, bank.version);
        assert_ne!(before, code(&plan, &look, &edited));
        let mut reworded = bank.clone();
        reworded.questions[picked].prompt.push_str(" Why?");
        assert_ne!(before, code(&plan, &look, &reworded));
    }
}
