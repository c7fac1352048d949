//! `extends`: a spec read with the chain of base specs it extends, merged key by key, each
//! key remembering the file that gave it (for errors and relative paths).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use super::SpecFile;
use crate::error::{Error, Origin, Result};
use crate::yaml;

/// A spec with its `extends` chain merged, remembering which file gave each key.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub path: PathBuf,
    pub file: SpecFile,
    sources: BTreeMap<&'static str, PathBuf>,
}

impl Spec {
    /// Read a spec and the specs it extends.
    pub(crate) fn load(path: &Path) -> Result<Spec> {
        let mut chain: Vec<PathBuf> = Vec::new();
        load_chain(path, &mut chain)
    }

    /// The file that gave `key` (the spec itself when no layer did).
    pub(crate) fn source(&self, key: &str) -> &Path {
        self.sources
            .get(key)
            .map_or(self.path.as_path(), PathBuf::as_path)
    }

    pub(super) fn origin<T>(&self, key: &str, spanned: &Spanned<T>) -> Origin {
        Origin::of(self.source(key), spanned)
    }

    /// A path-valued key resolved against the folder of the file that set it.
    pub(super) fn relative_path(&self, key: &str, value: &str) -> PathBuf {
        let base = self.source(key).parent().unwrap_or_else(|| Path::new(""));
        base.join(value)
    }
}

/// Keys whose value the base gives unless the extending file sets them; each key the base
/// gives keeps the file that gave it (the base's own, unless a deeper base did) as its
/// source, for errors and relative paths.
macro_rules! merge_keys {
    ($child:expr, $base:expr, $sources:expr, $child_path:expr, $($key:ident),*) => {
        $(
            if $child.$key.is_some() {
                $sources.insert(stringify!($key), $child_path.to_path_buf());
            } else {
                $child.$key = $base.file.$key.take();
                $sources
                    .entry(stringify!($key))
                    .or_insert_with(|| $base.path.clone());
            }
        )*
    };
}

/// Deepest chain of `extends` accepted; real setups need two or three.
const MAX_EXTENDS_DEPTH: usize = 16;

fn load_chain(path: &Path, chain: &mut Vec<PathBuf>) -> Result<Spec> {
    let text = yaml::read_text(path, yaml::MAX_SPEC_BYTES, "spec file")?;
    let file: SpecFile = yaml::parse(path, &text)?;
    enter(chain, path, &text)?;
    let Some(extends) = file.extends.clone() else {
        return Ok(Spec {
            path: path.to_path_buf(),
            file,
            sources: BTreeMap::new(),
        });
    };
    let base_path = path
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join(&extends);
    if !base_path.is_file() {
        let origin = extends_origin(path, &text);
        let what = if base_path.is_dir() {
            "is a folder, not a spec file"
        } else {
            "does not exist"
        };
        return Err(
            Error::input(origin, format!("the base spec `{extends}` {what}")).with_hint(format!(
                "`extends` is relative to this file's folder; looked for {}",
                base_path.display()
            )),
        );
    }
    let base = load_chain(&base_path, chain)?;
    Ok(merge(path, file, base))
}

/// Add a file to the chain being read: an error when it is already on it (a cycle) or the
/// chain is too deep.
fn enter(chain: &mut Vec<PathBuf>, path: &Path, text: &str) -> Result<()> {
    let identity = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if chain.contains(&identity) {
        let cycle: Vec<String> = chain
            .iter()
            .chain(std::iter::once(&identity))
            .map(|p| p.display().to_string())
            .collect();
        return Err(
            Error::input(extends_origin(path, text), "`extends` forms a cycle").with_hint(format!(
                "the chain is {}; remove one `extends`",
                cycle.join(" -> ")
            )),
        );
    }
    if chain.len() >= MAX_EXTENDS_DEPTH {
        return Err(Error::input(
            Origin::file(path),
            format!("`extends` goes more than {MAX_EXTENDS_DEPTH} files deep"),
        ));
    }
    chain.push(identity);
    Ok(())
}

/// The file at `path` over its base: its own keys win.
fn merge(path: &Path, mut file: SpecFile, mut base: Spec) -> Spec {
    let mut sources = std::mem::take(&mut base.sources);
    merge_keys!(
        file,
        base,
        sources,
        path,
        role,
        seniority,
        duration,
        questions,
        topics,
        mix,
        bank,
        seed,
        candidate,
        date,
        panel,
        exclude,
        paper,
        layout,
        intro,
        closing,
        rubric,
        templates,
        fonts,
        avoid_asked,
        candidate_id,
        ledger
    );
    Spec {
        path: path.to_path_buf(),
        file,
        sources,
    }
}

/// The line of a spec's `extends:` key (the key is a plain string, so it has no span).
fn extends_origin(path: &Path, text: &str) -> Origin {
    text.lines()
        .position(|l| l.starts_with("extends:"))
        .map_or_else(|| Origin::file(path), |i| Origin::at(path, i as u64 + 1, 1))
}
