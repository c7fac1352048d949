//! Rendering every edition of a run on every core and writing the files into the output
//! folder together, refusing to replace another candidate's card.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Job, Written};
use crate::edition::Edition;
use crate::error::{Error, Result};
use crate::render::existing::Held;
use crate::render::{Format, Piece, Renderers, Staging, Warning};

/// Render every edition into `out`, spread over the machine's cores, each file staged as soon
/// as it is rendered and all renamed into place at the end; the written paths keep the jobs'
/// order, each with its job and piece.
pub(super) fn render_jobs(
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
