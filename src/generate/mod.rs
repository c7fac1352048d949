//! `scorecard generate`: every spec (and candidate) resolved and selected first, then all
//! cards rendered on every core, then written together, so a failure anywhere writes nothing.

mod record;
mod write;

use std::path::{Path, PathBuf};

use self::record::record;
use self::write::render_jobs;
use crate::edition::Edition;
use crate::error::{Error, Origin, Result};
use crate::prepare::{Ledgers, resolve};
use crate::render::{self, Format, Piece, Warning};
use crate::spec::Overrides;

/// Most candidates accepted in one `--candidates` file.
const MAX_CANDIDATES: usize = 100_000;

/// What a `generate` run asks for, checked.
pub(crate) struct Request {
    /// Spec files, one per role level.
    pub specs: Vec<PathBuf>,
    /// The output folder.
    pub out: PathBuf,
    pub formats: Vec<Format>,
    /// A file of candidate names: one edition per candidate and spec.
    pub candidates: Option<PathBuf>,
    /// Replace files that hold another candidate's or another edition's card.
    pub force: bool,
    pub overrides: Overrides,
}

/// What a `generate` run did.
pub(crate) struct Done {
    pub written: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    pub notes: Vec<String>,
}

/// A file written: the job it belongs to, which piece of it, and where it went.
type Written = (usize, Piece, PathBuf);

/// One edition to render, and where its cards are recorded.
struct Job {
    templates: Option<PathBuf>,
    edition: Edition,
    ledger: Option<PathBuf>,
    candidate_id: Option<String>,
}

/// Run `generate`: write every card, then record each in its ledger.
pub(crate) fn run(args: &Request) -> Result<Done> {
    let overrides = &args.overrides;
    let mut formats = args.formats.clone();
    formats.sort();
    formats.dedup();
    let candidates = match &args.candidates {
        Some(file) => read_candidates(file)?.into_iter().map(Some).collect(),
        None => vec![None],
    };
    // Resolve and select every spec before rendering anything: one bad spec in a batch must
    // leave no output at all. The questions do not depend on the candidate, so each spec is
    // selected once and its edition copied per candidate, unless what each candidate was
    // asked before must be avoided.
    let mut jobs: Vec<Job> = Vec::new();
    let mut notes = Vec::new();
    // Compiling the built-in HTML template takes longer than loading the bank: start it at
    // once, on another thread. Only the pages wait for it (the first to need it blocks until
    // it is done); the thread is not joined.
    if formats.contains(&Format::Html) && overrides.templates.is_none() {
        drop(std::thread::spawn(render::html::warm_up));
    }
    let mut ledgers = Ledgers::default();
    for path in &args.specs {
        let resolved = resolve(path, overrides, &args.out)?;
        if formats.contains(&Format::Pdf) {
            render::pdf::add_fonts(&resolved.presentation.fonts)?;
        }
        if args.candidates.is_some() && resolved.memory.candidate_id.is_some() {
            return Err(Error::usage(format!(
                "{}: `candidate_id` names one candidate, and --candidates gives several",
                path.display()
            ))
            .with_hint("remove `candidate_id` from the spec for batches"));
        }
        let job = |edition: Edition| Job {
            templates: resolved.presentation.templates.clone(),
            edition,
            ledger: resolved.memory.ledger.clone(),
            candidate_id: resolved.memory.candidate_id.clone(),
        };
        if resolved.memory.avoid_asked {
            for candidate in &candidates {
                let prepared = resolved.pick(candidate.as_deref(), &mut ledgers)?;
                notes.extend(prepared.notes);
                jobs.push(job(prepared.edition));
            }
            continue;
        }
        let prepared = resolved.pick(None, &mut ledgers)?;
        notes.extend(prepared.notes);
        for candidate in &candidates {
            let mut edition = prepared.edition.clone();
            if candidate.is_some() {
                edition.candidate.clone_from(candidate);
            }
            jobs.push(job(edition));
        }
    }
    let (written, warnings) = render_jobs(&jobs, &formats, &args.out, args.force)?;
    record(&jobs, &written, &args.out)?;
    Ok(Done {
        written: written.into_iter().map(|(_, _, path)| path).collect(),
        warnings,
        notes,
    })
}

/// Candidate names from a file: one per line, trimmed; blank lines and `#` comments skipped.
pub(crate) fn read_candidates(path: &Path) -> Result<Vec<String>> {
    let text = crate::yaml::read_text(path, 16 << 20, "candidates file")?;
    let names: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    if names.is_empty() {
        return Err(
            Error::input(Origin::file(path), "the candidates file lists no names")
                .with_hint("write one candidate name per line"),
        );
    }
    if names.len() > MAX_CANDIDATES {
        return Err(Error::input(
            Origin::file(path),
            format!("the candidates file lists {} names", names.len()),
        )
        .with_hint(format!(
            "split it into files of at most {MAX_CANDIDATES} names"
        )));
    }
    Ok(names)
}
