//! `scorecard debrief`: a panel's results side by side, one debrief per candidate (HTML, PDF,
//! JSON), and a comparison of the candidates of each edition that has several.
//!
//! Data flows one way: results files → checked and grouped ([`group`]) → [`model::Debrief`]
//! and [`model::Comparison`] (plain data, also the JSON) → renderers.

mod assemble;
pub(crate) mod chart;
pub(crate) mod group;
pub(crate) mod html;
pub(crate) mod model;
mod page;
#[cfg(test)]
mod page_reference;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::{Format, Output, Staging, Warning};
use crate::results;
use crate::spec::Paper;

use self::group::Input;
use self::model::{Comparison, Debrief};

/// What a debrief run asks for, checked.
pub(crate) struct Request {
    pub files: Vec<PathBuf>,
    pub out: PathBuf,
    pub formats: Vec<Format>,
    pub paper: Paper,
}

/// What a run did.
pub(crate) struct Done {
    pub written: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    /// Incomplete panels, for the user to know.
    pub notes: Vec<String>,
}

/// One file to render.
enum Piece<'a> {
    Debrief(&'a Debrief, Format),
    Comparison(&'a Comparison, Format),
}

/// Read, check and group the results, then write every debrief and comparison, all or
/// nothing.
pub(crate) fn run(request: &Request) -> Result<Done> {
    let paths = results::expand(&request.files)?;
    let inputs: Vec<Input> = crate::parallel::map(paths, |path| {
        results::read(&path).map(|results| Input { path, results })
    })
    .into_iter()
    .collect::<Result<_>>()?;
    let (debriefs, comparisons) = compute(&inputs)?;
    let mut notes = Vec::new();
    for d in &debriefs {
        if !d.complete {
            notes.push(format!(
                "the debrief of {} is incomplete: no results from {}",
                d.candidate.as_deref().unwrap_or("the unnamed candidate"),
                d.missing().join(", ")
            ));
        }
    }
    let mut formats = request.formats.clone();
    formats.sort();
    formats.dedup();
    // The slowest pieces first, so the threads finish together.
    let mut pieces = Vec::new();
    for format in [Format::Pdf, Format::Html, Format::Json] {
        if formats.contains(&format) {
            pieces.extend(comparisons.iter().map(|c| Piece::Comparison(c, format)));
            pieces.extend(debriefs.iter().map(|d| Piece::Debrief(d, format)));
        }
    }
    let names: Vec<String> = pieces.iter().map(file_name).collect();
    let staging = Staging::new(
        &request.out,
        &names.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    let paper = request.paper;
    let staged = crate::parallel::map(pieces, |piece| {
        let mut warnings = Vec::new();
        let file_name = file_name(&piece);
        let bytes = render(&piece, paper, &mut warnings)?;
        let staged = staging.stage(&Output { file_name, bytes })?;
        Ok::<_, Error>((staged, warnings))
    });
    let mut all = Vec::new();
    let mut warnings: Vec<Warning> = Vec::new();
    let mut failed = None;
    for result in staged {
        match result {
            Ok((s, w)) => {
                all.push(s);
                for w in w {
                    if !warnings.contains(&w) {
                        warnings.push(w);
                    }
                }
            }
            Err(e) => {
                failed.get_or_insert(e);
            }
        }
    }
    if let Some(e) = failed {
        drop(all);
        staging.abandon();
        return Err(e);
    }
    let written = staging.commit(all)?;
    Ok(Done {
        written,
        warnings,
        notes,
    })
}

/// The debriefs of the inputs (one per candidate, by name) and a comparison for each edition
/// with more than one candidate.
pub(crate) fn compute(inputs: &[Input]) -> Result<(Vec<Debrief>, Vec<Comparison>)> {
    let groups = group::group(inputs)?;
    let debriefs: Vec<Debrief> = groups
        .iter()
        .map(|g| {
            let handed: Vec<(String, &results::Results)> = g
                .inputs
                .iter()
                .map(|i| (file_label(&i.path), &i.results))
                .collect();
            let handed: Vec<(&str, &results::Results)> =
                handed.iter().map(|(f, r)| (f.as_str(), *r)).collect();
            Debrief::new(&handed)
        })
        .collect();
    let mut editions: BTreeMap<&str, Vec<&Debrief>> = BTreeMap::new();
    for d in &debriefs {
        editions.entry(&d.fingerprint).or_default().push(d);
    }
    let comparisons = editions
        .values()
        .filter(|ds| ds.len() > 1)
        .map(|ds| Comparison::new(ds))
        .collect();
    Ok((debriefs, comparisons))
}

/// A results file as the debrief names it: its file name alone, so the output does not
/// depend on where the files were read from.
fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn file_name(piece: &Piece) -> String {
    match piece {
        Piece::Debrief(d, f) => format!("{}.{}", d.stem(), f.extension()),
        Piece::Comparison(c, f) => format!("{}.{}", c.stem(), f.extension()),
    }
}

fn render(piece: &Piece, paper: Paper, warnings: &mut Vec<Warning>) -> Result<Vec<u8>> {
    let json = |value: serde_json::Result<Vec<u8>>| {
        let mut bytes = value.map_err(|e| Error::internal(format!("debrief as JSON: {e}")))?;
        bytes.push(b'\n');
        Ok(bytes)
    };
    match piece {
        Piece::Debrief(d, Format::Json) => json(serde_json::to_vec_pretty(d)),
        Piece::Comparison(c, Format::Json) => json(serde_json::to_vec_pretty(c)),
        Piece::Debrief(d, Format::Html) => html::debrief(d),
        Piece::Comparison(c, Format::Html) => html::comparison(c),
        Piece::Debrief(d, Format::Pdf) => crate::render::pdf::debrief::debrief(d, paper, warnings),
        Piece::Comparison(c, Format::Pdf) => {
            crate::render::pdf::debrief::comparison(c, paper, warnings)
        }
    }
}
