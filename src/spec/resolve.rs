//! Resolution: a merged spec checked against its bank and the command line, every default
//! applied, into a [`Plan`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_saphyr::Spanned;

use super::{
    MAX_DURATION, MAX_NAME_CHARS, MAX_QUESTIONS, Member, Memory, Overrides, Plan, Presentation,
    RubricLevel, Spec, default_rubric, default_seed, parse_date,
};
use crate::bank::Bank;
use crate::error::{Error, Origin, Result, did_you_mean};

impl Spec {
    /// Where the bank is: `--bank`, else the spec's `bank` (relative to its file), else `None`
    /// for the bundled bank.
    pub(crate) fn bank_dir(&self, overrides: &Overrides) -> Option<PathBuf> {
        if let Some(dir) = &overrides.bank {
            return Some(dir.clone());
        }
        self.file
            .bank
            .as_ref()
            .map(|b| self.relative_path("bank", &b.value))
    }

    /// Where the spec names its bank (`bank:`), for errors about that folder; `None` when the
    /// bank comes from `--bank` or is the bundled one.
    pub(crate) fn bank_origin(&self, overrides: &Overrides) -> Option<Origin> {
        if overrides.bank.is_some() {
            return None;
        }
        self.file.bank.as_ref().map(|b| self.origin("bank", b))
    }

    /// Where the ledger is and whether to avoid what was asked before: the command line
    /// first, then the spec, then the default ledger in the output folder `out`.
    pub(crate) fn memory(&self, overrides: &Overrides, out: &Path) -> Result<Memory> {
        let f = &self.file;
        let avoid_asked = overrides.avoid_asked || f.avoid_asked.unwrap_or(false);
        let candidate_id = f
            .candidate_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        if let Some(id) = &candidate_id {
            check_name_length(
                "candidate_id",
                id,
                Origin::file(self.source("candidate_id")),
            )?;
        }
        if overrides.no_ledger {
            if avoid_asked {
                let source = if overrides.avoid_asked {
                    "--avoid-asked"
                } else {
                    "the spec's `avoid_asked: true`"
                };
                return Err(Error::usage(format!(
                    "{source} needs the ledger, and --no-ledger turns it off"
                ))
                .with_hint("drop --no-ledger, or --avoid-asked / `avoid_asked`"));
            }
            return Ok(Memory::default());
        }
        let ledger = overrides
            .ledger
            .clone()
            .or_else(|| f.ledger.as_deref().map(|l| self.relative_path("ledger", l)))
            .unwrap_or_else(|| out.join(crate::ledger::DEFAULT_NAME));
        Ok(Memory {
            ledger: Some(ledger),
            avoid_asked,
            candidate_id,
        })
    }

    /// Check the spec against the bank and apply defaults and overrides.
    pub(crate) fn resolve(
        &self,
        overrides: &Overrides,
        bank: &Bank,
        today: NaiveDate,
    ) -> Result<(Plan, Presentation)> {
        let f = &self.file;
        let role = self.role()?;
        let seniority = f
            .seniority
            .ok_or_else(|| self.missing("seniority", "senior"))?;
        let duration = self.duration()?;
        let intro = self.extra_minutes("intro", f.intro.as_ref())?;
        let closing = self.extra_minutes("closing", f.closing.as_ref())?;
        let questions = self.questions()?;
        let topics = self.topics(bank)?;
        let mix = self.mix(seniority)?;
        let panel = self.panel(bank, &topics)?;
        let exclude = self.exclude(bank)?;
        let date = self.date(overrides, today)?;
        let rubric = self.rubric()?;
        let candidate = self.candidate(overrides)?;
        let templates = overrides.templates.clone().or_else(|| {
            f.templates
                .as_deref()
                .map(|t| self.relative_path("templates", t))
        });
        let fonts = f
            .fonts
            .iter()
            .flatten()
            .map(|font| self.relative_path("fonts", font))
            .collect();
        let seed = overrides
            .seed
            .or(f.seed)
            .unwrap_or_else(|| default_seed(&role));
        let plan = Plan {
            duration,
            questions,
            topics,
            mix,
            seed,
            panel,
            exclude,
            asked: BTreeSet::new(),
        };
        let presentation = Presentation {
            spec_path: self.path.clone(),
            role: role.trim().to_owned(),
            seniority,
            candidate,
            date,
            paper: overrides.paper.or(f.paper).unwrap_or_default(),
            layout: overrides.layout.or(f.layout).unwrap_or_default(),
            intro,
            closing,
            rubric,
            templates,
            fonts,
        };
        Ok((plan, presentation))
    }

    fn missing(&self, key: &str, example: &str) -> Error {
        Error::input(
            Origin::file(&self.path),
            format!("missing required key `{key}`"),
        )
        .with_hint(format!("add a line such as `{key}: {example}`"))
    }

    fn role(&self) -> Result<String> {
        let role_s = self
            .file
            .role
            .as_ref()
            .ok_or_else(|| self.missing("role", "Senior Python Engineer"))?;
        let role = role_s.value.clone();
        if role.trim().is_empty() {
            return Err(Error::input(self.origin("role", role_s), "`role` is empty")
                .with_hint("give the job title, e.g. `role: Senior Python Engineer`"));
        }
        check_name_length("role", &role, self.origin("role", role_s))?;
        Ok(role)
    }

    fn duration(&self) -> Result<u32> {
        let duration_s = self
            .file
            .duration
            .as_ref()
            .ok_or_else(|| self.missing("duration", "60"))?;
        let duration = duration_s.value;
        if duration == 0 || duration > MAX_DURATION {
            return Err(Error::input(
                self.origin("duration", duration_s),
                format!("duration {duration} is out of range"),
            )
            .with_hint(format!(
                "give the minutes of questions for one interviewer, from 1 to {MAX_DURATION}"
            )));
        }
        Ok(duration)
    }

    /// `intro` or `closing`: minutes around the questions, 0 when not given.
    fn extra_minutes(&self, key: &str, value: Option<&Spanned<u32>>) -> Result<u32> {
        match value {
            Some(m) if m.value > MAX_DURATION => Err(Error::input(
                self.origin(key, m),
                format!("{key} {} is out of range", m.value),
            )
            .with_hint(format!(
                "give the minutes {}, from 0 to {MAX_DURATION}",
                if key == "intro" {
                    "before the questions"
                } else {
                    "left for the candidate's questions"
                }
            ))),
            Some(m) => Ok(m.value),
            None => Ok(0),
        }
    }

    fn questions(&self) -> Result<Option<u32>> {
        match &self.file.questions {
            Some(q) if q.value == 0 || q.value > MAX_QUESTIONS => {
                Err(Error::input(self.origin("questions", q), format!("questions {} is out of range", q.value))
                    .with_hint(format!("ask for 1 to {MAX_QUESTIONS} questions, or leave `questions` out to fill the duration")))
            }
            Some(q) => Ok(Some(q.value)),
            None => Ok(None),
        }
    }

    /// Topic ids with positive weights, sorted by id; every topic of the bank by default.
    fn topics(&self, bank: &Bank) -> Result<Vec<(String, u32)>> {
        let Some(map) = &self.file.topics else {
            return Ok(bank.topic_ids().map(|t| (t.to_owned(), 1)).collect());
        };
        for (name, weight) in map {
            check_topic(bank, name, self.origin("topics", weight))?;
        }
        let topics: Vec<(String, u32)> = map
            .iter()
            .filter(|(_, w)| w.value > 0)
            .map(|(n, w)| (n.clone(), w.value))
            .collect();
        if topics.is_empty() {
            return Err(Error::input(
                Origin::file(self.source("topics")),
                "every topic has weight 0",
            )
            .with_hint("give at least one topic a positive weight"));
        }
        Ok(topics)
    }

    fn mix(&self, seniority: super::Seniority) -> Result<[u32; 4]> {
        let Some(map) = &self.file.mix else {
            return Ok(seniority.default_mix());
        };
        let mut mix = [0; 4];
        for (level, weight) in map {
            mix[level.index()] = *weight;
        }
        if mix.iter().all(|w| *w == 0) {
            return Err(Error::input(
                Origin::file(self.source("mix")),
                "every level in `mix` has weight 0",
            )
            .with_hint("give at least one level a positive share, e.g. `mix: {advanced: 100}`"));
        }
        Ok(mix)
    }

    fn panel(&self, bank: &Bank, topics: &[(String, u32)]) -> Result<Vec<Member>> {
        let mut panel = Vec::new();
        for member in self.file.panel.iter().flatten() {
            let name = member.name.value.trim().to_owned();
            let at = self.origin("panel", &member.name);
            check_name_length("panel", &name, at.clone())?;
            if name.is_empty() {
                return Err(Error::input(at, "a panel member has an empty `name`")
                    .with_hint("give the interviewer's name as it should be printed"));
            }
            if panel.iter().any(|m: &Member| m.name == name) {
                return Err(Error::input(at, format!("`{name}` is on the panel twice"))
                    .with_hint("each interviewer gets one scorecard; list each name once"));
            }
            let mut focus = Vec::new();
            for topic in member.topics.iter().flatten() {
                let origin = self.origin("panel", topic);
                check_topic(bank, &topic.value, origin.clone())?;
                if !topics.iter().any(|(t, _)| *t == topic.value) {
                    return Err(Error::input(origin, format!("`{}` focuses on topic `{}`, which the spec's `topics` leave out", name, topic.value))
                        .with_hint("add the topic to `topics` with a weight, or remove it from this interviewer"));
                }
                if !focus.contains(&topic.value) {
                    focus.push(topic.value.clone());
                }
            }
            panel.push(Member {
                name,
                topics: focus,
            });
        }
        Ok(panel)
    }

    fn exclude(&self, bank: &Bank) -> Result<BTreeSet<String>> {
        let mut exclude = BTreeSet::new();
        for id in self.file.exclude.iter().flatten() {
            if bank.question(&id.value).is_none() {
                let hint = did_you_mean(&id.value, bank.questions.iter().map(|q| q.id.as_str()))
                    .unwrap_or_else(|| {
                        "`exclude` takes question ids from the bank (see `scorecard bank stats`)"
                            .to_owned()
                    });
                return Err(Error::input(
                    self.origin("exclude", id),
                    format!("unknown question id `{}`", id.value),
                )
                .with_hint(hint));
            }
            exclude.insert(id.value.clone());
        }
        Ok(exclude)
    }

    fn date(&self, overrides: &Overrides, today: NaiveDate) -> Result<NaiveDate> {
        match (overrides.date, &self.file.date) {
            (Some(date), _) => Ok(date),
            (None, Some(text)) => parse_date(&text.value).map_err(|hint| {
                Error::input(
                    self.origin("date", text),
                    format!("`{}` is not a date", text.value),
                )
                .with_hint(hint)
            }),
            (None, None) => Ok(today),
        }
    }

    fn rubric(&self) -> Result<Vec<RubricLevel>> {
        let f = &self.file;
        let rubric_at = f.rubric.as_ref().map_or_else(
            || Origin::file(self.source("rubric")),
            |r| self.origin("rubric", r),
        );
        let rubric = f
            .rubric
            .as_ref()
            .map_or_else(default_rubric, |r| r.value.clone());
        if rubric.len() < 2 || rubric.len() > 7 {
            return Err(
                Error::input(rubric_at, format!("the rubric has {} levels", rubric.len()))
                    .with_hint(
                        "give 2 to 7 levels, lowest first, each with a `label` and an `anchor`",
                    ),
            );
        }
        if let Some(level) = rubric.iter().find(|l| l.label.trim().is_empty()) {
            return Err(Error::input(
                rubric_at,
                format!(
                    "a rubric level has an empty label (anchor: {})",
                    level.anchor
                ),
            ));
        }
        Ok(rubric)
    }

    /// The candidate's name: `--candidate`, else the spec's, trimmed; `None` when empty.
    fn candidate(&self, overrides: &Overrides) -> Result<Option<String>> {
        let f = &self.file;
        if let Some(name) = &f.candidate {
            check_name_length("candidate", name, Origin::file(self.source("candidate")))?;
        }
        if let Some(name) = &overrides.candidate
            && name.chars().count() > MAX_NAME_CHARS
        {
            return Err(Error::usage(format!(
                "--candidate is {} characters long; at most {MAX_NAME_CHARS} are allowed",
                name.chars().count()
            ))
            .with_hint("give the candidate's name as it should be printed"));
        }
        Ok(overrides
            .candidate
            .clone()
            .or_else(|| f.candidate.clone())
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty()))
    }
}

/// A topic name the bank does not have is an error at `origin`, with the nearest name or the
/// bank's topics.
fn check_topic(bank: &Bank, name: &str, origin: Origin) -> Result<()> {
    if bank.topic_ids().any(|t| t == name) {
        return Ok(());
    }
    let known: Vec<&str> = bank.topic_ids().collect();
    Err(
        Error::input(origin, format!("unknown topic `{name}`")).with_hint(
            did_you_mean(name, known.iter().copied())
                .unwrap_or_else(|| format!("the bank `{}` has: {}", bank.name, known.join(", "))),
        ),
    )
}

/// A name longer than [`MAX_NAME_CHARS`] is an error at `origin`.
fn check_name_length(key: &str, name: &str, origin: Origin) -> Result<()> {
    let count = name.chars().count();
    if count <= MAX_NAME_CHARS {
        return Ok(());
    }
    Err(Error::input(
        origin,
        format!("a `{key}` name is {count} characters long; at most {MAX_NAME_CHARS} are allowed"),
    )
    .with_hint("shorten it to the name as it should be printed on the card"))
}
