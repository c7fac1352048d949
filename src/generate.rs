//! `scorecard generate`: every spec (and candidate) resolved and selected first, then all
//! cards rendered on every core, then written together, so a failure anywhere writes nothing.

use std::collections::BTreeMap;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::edition::Edition;
use crate::error::{Error, Origin, Result};
use crate::ledger::Entry;
use crate::prepare::{Ledgers, resolve};
use crate::render::existing::Held;
use crate::render::{self, Format, Piece, Renderers, Staging, Warning};
use crate::spec::Overrides;

/// Most candidates accepted in one `--candidates` file.
const MAX_CANDIDATES: usize = 100_000;

/// What a `generate` run asks for, checked.
pub struct Request {
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
pub struct Done {
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
pub fn run(args: &Request) -> Result<Done> {
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

/// Append one ledger line per card written, grouped by ledger.
fn record(jobs: &[Job], written: &[Written], out: &Path) -> Result<()> {
    let recorded = crate::ledger::now();
    let mut by_ledger: BTreeMap<&Path, Vec<Entry>> = BTreeMap::new();
    for (j, job) in jobs.iter().enumerate() {
        let Some(ledger) = &job.ledger else { continue };
        let edition = &job.edition;
        let name = |path: &PathBuf| {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let json: Vec<String> = written
            .iter()
            .filter(|(i, piece, _)| *i == j && *piece == Piece::Json)
            .map(|(_, _, path)| name(path))
            .collect();
        for (c, card) in edition.scorecards.iter().enumerate() {
            let mut files: Vec<String> = written
                .iter()
                .filter(|(i, piece, _)| {
                    *i == j && matches!(piece, Piece::Card { card, .. } if *card == c)
                })
                .map(|(_, _, path)| name(path))
                .collect();
            files.extend(json.iter().cloned());
            by_ledger.entry(ledger).or_default().push(Entry {
                date: edition.date.clone(),
                candidate: edition.candidate.clone(),
                candidate_id: job
                    .candidate_id
                    .clone()
                    .or_else(|| edition.candidate.clone()),
                role: edition.role.clone(),
                seniority: edition.seniority.name().to_owned(),
                interviewer: card.interviewer.clone(),
                fingerprint: edition.fingerprint.clone(),
                questions: card.questions.iter().map(|q| q.id.clone()).collect(),
                files,
                folder: Some(out.display().to_string()),
                recorded: Some(recorded.clone()),
            });
        }
    }
    for (ledger, entries) in by_ledger {
        crate::ledger::append(ledger, &entries).map_err(|error| {
            Error::usage(format!(
                "the cards were written, but recording them in the ledger failed: {error}"
            ))
            .with_hint("the cards are complete; run `generate` again to record them")
        })?;
    }
    Ok(())
}

/// Render every edition into `out`, spread over the machine's cores, each file staged as soon
/// as it is rendered and all renamed into place at the end; the written paths keep the jobs'
/// order, each with its job and piece.
fn render_jobs(
    jobs: &[Job],
    formats: &[Format],
    out: &Path,
    force: bool,
) -> Result<(Vec<Written>, Vec<Warning>)> {
    // One set of renderers per distinct template folder, shared by all threads.
    let mut sets: Vec<(Option<PathBuf>, Renderers)> = Vec::new();
    for job in jobs {
        if !sets.iter().any(|(t, _)| *t == job.templates) {
            sets.push((
                job.templates.clone(),
                Renderers::new(formats, job.templates.as_deref())?,
            ));
        }
    }
    let renderers_for =
        |templates: &Option<PathBuf>| sets.iter().find(|(t, _)| t == templates).map(|(_, r)| r);
    // Every file is a separate piece of work, so even one edition's PDF and HTML render on
    // different cores.
    let pieces: Vec<(usize, &Renderers, Piece)> = jobs
        .iter()
        .enumerate()
        .map(|(i, job)| {
            let renderers = renderers_for(&job.templates)
                .ok_or_else(|| Error::internal("no renderers prepared for a template folder"))?;
            Ok(renderers
                .pieces(&job.edition)
                .into_iter()
                .map(move |piece| (i, renderers, piece)))
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let names: Vec<String> = pieces
        .iter()
        .map(|(i, _, piece)| Renderers::file_name(&jobs[*i].edition, *piece))
        .collect();
    if !force {
        for ((i, _, piece), name) in pieces.iter().zip(&names) {
            check_replace(&out.join(name), &jobs[*i].edition, *piece)?;
        }
    }
    let staging = Staging::new(out, &names.iter().map(String::as_str).collect::<Vec<_>>())?;
    let progress = Progress::new(pieces.len());
    let index: Vec<(usize, Piece)> = pieces.iter().map(|(i, _, p)| (*i, *p)).collect();
    // The longest pieces are started first, on the calling thread before any other starts:
    // PDFs, then HTML pages (which may wait for their template), then the quick JSON
    // exports. The results go back into the pieces' order.
    let mut ordered: Vec<(usize, (usize, &Renderers, Piece))> =
        pieces.into_iter().enumerate().collect();
    ordered.sort_by_key(|(k, (_, _, piece))| (start_rank(*piece), *k));
    let mut results = crate::parallel::map(ordered, |(k, (i, renderers, piece))| {
        let mut warnings = Vec::new();
        let result = renderers
            .render_piece(&jobs[i].edition, piece, &mut warnings)
            .and_then(|output| staging.stage(&output))
            .map(|staged| (staged, warnings));
        progress.tick();
        (k, result)
    });
    progress.finish();
    results.sort_by_key(|(k, _)| *k);
    // On an error, every file staged is deleted (dropped) before the folder is given up.
    let results: Result<Vec<_>> = results.into_iter().map(|(_, result)| result).collect();
    let results = match results {
        Ok(results) => results,
        Err(error) => {
            staging.abandon();
            return Err(error);
        }
    };
    let mut staged = Vec::with_capacity(results.len());
    let mut warnings: Vec<Warning> = Vec::new();
    for (file, w) in results {
        staged.push(file);
        for warning in w {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }
    let written = staging.commit(staged)?;
    Ok((
        index
            .into_iter()
            .zip(written)
            .map(|((i, piece), path)| (i, piece, path))
            .collect(),
        warnings,
    ))
}

/// Refuse to replace a file that holds another candidate's or another edition's card (two
/// names can fold to one file name); the same card may be written again.
fn check_replace(path: &Path, edition: &Edition, piece: Piece) -> Result<()> {
    let Ok(bytes) = std::fs::read(path) else {
        // Missing (the usual case), or a folder or unreadable: staging reports those.
        return Ok(());
    };
    let ours = match piece {
        Piece::Json => Some(
            std::iter::once(edition.role.as_str())
                .chain(edition.candidate.as_deref())
                .collect::<Vec<_>>()
                .join(" · "),
        ),
        Piece::Card { card, .. } => edition
            .scorecards
            .get(card)
            .map(|c| crate::render::card_title(edition, c)),
    };
    let ours = format!(
        "{}, edition {}",
        ours.unwrap_or_else(|| edition.role.clone()),
        edition.fingerprint
    );
    let held = match crate::render::existing::held(&bytes, edition, piece) {
        Held::Same => return Ok(()),
        Held::Other(theirs) => format!("the card of {theirs}"),
        Held::Unknown => "a file that is not a scorecard of this tool".to_owned(),
    };
    Err(Error::usage(format!(
        "{} already holds {held}; this run's card is {ours}, and would replace it",
        path.display()
    ))
    .with_hint(
        "nothing was written; choose another --out folder, or give --force to replace the file",
    ))
}

/// When a piece is started: the slowest kinds first.
fn start_rank(piece: Piece) -> u8 {
    match piece {
        Piece::Card {
            format: Format::Pdf,
            ..
        } => 0,
        Piece::Card { .. } => 1,
        Piece::Json => 2,
    }
}

/// Candidate names from a file: one per line, trimmed; blank lines and `#` comments skipped.
pub fn read_candidates(path: &Path) -> Result<Vec<String>> {
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

/// A one-line progress counter on a terminal; silent when stderr is a file or a pipe, or
/// when there is only one edition to render.
struct Progress {
    total: usize,
    done: AtomicUsize,
    on: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            on: total > 1 && std::io::stderr().is_terminal(),
        }
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.on && (done == self.total || done.is_multiple_of(10)) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\rrendering {done}/{} files", self.total);
            let _ = err.flush();
        }
    }

    fn finish(&self) {
        if self.on {
            let _ = writeln!(std::io::stderr().lock());
        }
    }
}
