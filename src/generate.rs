//! `scorecard generate`: every spec (and candidate) resolved and selected first, then all
//! cards rendered on every core, then written together, so a failure anywhere writes nothing.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::cli::GenerateArgs;
use crate::edition::Edition;
use crate::error::{Error, Origin, Result};
use crate::render::{self, Format, Piece, Renderers, Staging, Warning};
use crate::spec::Overrides;

/// Most candidates accepted in one `--candidates` file.
const MAX_CANDIDATES: usize = 100_000;

/// Run `generate`: returns the written paths and any warnings.
pub fn run(args: &GenerateArgs, overrides: &Overrides) -> Result<(Vec<PathBuf>, Vec<Warning>)> {
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let candidates = match &args.candidates {
        Some(file) => read_candidates(file)?.into_iter().map(Some).collect(),
        None => vec![None],
    };
    // Resolve and select every spec before rendering anything: one bad spec in a batch must
    // leave no output at all. The questions do not depend on the candidate, so each spec is
    // selected once and its edition copied per candidate.
    let mut jobs: Vec<(Option<PathBuf>, Edition)> = Vec::new();
    // Compiling the built-in HTML template takes longer than loading the bank: start it at
    // once, on another thread. Only the pages wait for it (the first to need it blocks until
    // it is done); the thread is not joined.
    if formats.contains(&Format::Html) && overrides.templates.is_none() {
        drop(std::thread::spawn(render::html::warm_up));
    }
    for path in &args.specs {
        let crate::Prepared { plan, edition, .. } = crate::prepare(path, overrides)?;
        for candidate in &candidates {
            let mut edition = edition.clone();
            if candidate.is_some() {
                edition.candidate.clone_from(candidate);
            }
            jobs.push((plan.templates.clone(), edition));
        }
    }
    render_jobs(&jobs, &formats, &args.out)
}

/// Render every edition into `out`, spread over the machine's cores, each file staged as soon
/// as it is rendered and all renamed into place at the end; the written paths keep the jobs'
/// order.
fn render_jobs(
    jobs: &[(Option<PathBuf>, Edition)],
    formats: &[Format],
    out: &Path,
) -> Result<(Vec<PathBuf>, Vec<Warning>)> {
    // One set of renderers per distinct template folder, shared by all threads.
    let mut sets: Vec<(Option<PathBuf>, Renderers)> = Vec::new();
    for (templates, _) in jobs {
        if !sets.iter().any(|(t, _)| t == templates) {
            sets.push((
                templates.clone(),
                Renderers::new(formats, templates.as_deref())?,
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
        .map(|(i, (templates, edition))| {
            let renderers = renderers_for(templates)
                .ok_or_else(|| Error::usage("no renderers prepared for a template folder"))?;
            Ok(renderers
                .pieces(edition)
                .into_iter()
                .map(move |piece| (i, renderers, piece)))
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let names: Vec<String> = pieces
        .iter()
        .map(|(i, _, piece)| Renderers::file_name(&jobs[*i].1, *piece))
        .collect();
    let staging = Staging::new(out, &names.iter().map(String::as_str).collect::<Vec<_>>())?;
    let progress = Progress::new(pieces.len());
    // The longest pieces are started first, on the calling thread before any other starts:
    // PDFs, then HTML pages (which may wait for their template), then the quick JSON
    // exports. The results go back into the pieces' order.
    let mut ordered: Vec<(usize, (usize, &Renderers, Piece))> =
        pieces.into_iter().enumerate().collect();
    ordered.sort_by_key(|(k, (_, _, piece))| (start_rank(*piece), *k));
    let mut results = crate::parallel::map(ordered, |(k, (i, renderers, piece))| {
        let mut warnings = Vec::new();
        let result = renderers
            .render_piece(&jobs[i].1, piece, &mut warnings)
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
    Ok((staging.commit(staged)?, warnings))
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
