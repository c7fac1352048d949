//! Fonts that stand in for the bundled faces where those have no glyph: the font files the
//! user names (`--font`, then the specs' `fonts`), in order, then the machine's installed fonts, found with fontdb. The
//! machine's fonts are listed only when a character is missing, so a card in the bundled
//! faces' scripts costs nothing more.
//!
//! Which font draws a character depends only on the character, the face it is set in and the
//! fonts available (the installed fonts are ranked by how well they match the face, then by
//! name and file), never on the order cards are drawn in: the same inputs and fonts give the
//! same bytes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::fonts::{Face, Font};
use crate::error::{Error, Result};

/// Where fonts beyond the bundled faces come from.
#[derive(Debug, Clone, Default)]
pub(crate) struct FontOptions {
    /// Font files (TrueType, OpenType, collections), looked in first, in order.
    pub files: Vec<PathBuf>,
    /// Leave the machine's installed fonts alone (for output that depends on the inputs only).
    pub no_system: bool,
    /// A character no font has is an error rather than a warning.
    pub strict: bool,
}

/// The fallback fonts of a process, each with an index: the user's (from `--font` and the
/// specs, in order) and the installed ones loaded so far.
pub(super) struct Fallback {
    loaded: Mutex<Loaded>,
    /// The machine's fonts, listed on first need; `None` when they are not to be used.
    system: Option<OnceLock<System>>,
    /// The fallback of each character of each face among the machine's fonts, looked up so
    /// far.
    chosen: Mutex<HashMap<(Face, char), Option<usize>>>,
    pub strict: bool,
}

/// The fonts loaded, by index; which of them are the user's, in order; the files they came
/// from; and the installed faces loaded, by id.
#[derive(Default)]
struct Loaded {
    fonts: Vec<&'static Font>,
    user: Vec<usize>,
    files: Vec<PathBuf>,
    installed: HashMap<fontdb::ID, usize>,
}

/// The installed fonts, and for each bundled face their ids, best match first.
struct System {
    db: fontdb::Database,
    ranked: [Vec<fontdb::ID>; 3],
}

impl Fallback {
    /// The fallback fonts `options` ask for; the user's files are read now.
    pub(super) fn new(options: &FontOptions) -> Result<Fallback> {
        let fallback = Fallback {
            loaded: Mutex::new(Loaded::default()),
            system: (!options.no_system).then(OnceLock::new),
            chosen: Mutex::new(HashMap::new()),
            strict: options.strict,
        };
        fallback.add_files(&options.files)?;
        Ok(fallback)
    }

    /// Look in these font files too, after the ones given before (a file given twice is read
    /// once).
    pub(super) fn add_files(&self, paths: &[PathBuf]) -> Result<()> {
        for path in paths {
            let known = self.loaded()?.files.contains(path);
            if known {
                continue;
            }
            let fonts = read_file(path)?;
            let mut loaded = self.loaded()?;
            loaded.files.push(path.clone());
            for font in fonts {
                let index = loaded.fonts.len();
                loaded.fonts.push(Box::leak(Box::new(font)));
                loaded.user.push(index);
            }
        }
        Ok(())
    }

    fn loaded(&self) -> Result<std::sync::MutexGuard<'_, Loaded>> {
        self.loaded
            .lock()
            .map_err(|_| Error::internal("the fallback fonts' lock is poisoned"))
    }

    /// The fallback font with this index.
    pub(super) fn font(&self, index: usize) -> Option<&'static Font> {
        self.loaded.lock().ok()?.fonts.get(index).copied()
    }

    /// The index of the font that draws `c` for `face`, if any has it.
    pub(super) fn font_for(&self, face: Face, c: char) -> Option<usize> {
        {
            let loaded = self.loaded.lock().ok()?;
            if let Some(&i) = loaded.user.iter().find(|&&i| loaded.fonts[i].has(c)) {
                return Some(i);
            }
        }
        let system = self.system.as_ref()?;
        if let Some(&known) = self.chosen.lock().ok()?.get(&(face, c)) {
            return known;
        }
        let system = system.get_or_init(System::list);
        let found = system.ranked[face.index()].iter().find(|&&id| {
            system
                .db
                .with_face_data(id, |data, index| {
                    ttf_parser::Face::parse(data, index)
                        .ok()
                        .and_then(|f| f.glyph_index(c))
                        .is_some()
                })
                .unwrap_or(false)
        });
        let index = found.and_then(|&id| self.load(system, id));
        if let Ok(mut chosen) = self.chosen.lock() {
            chosen.insert((face, c), index);
        }
        index
    }

    /// The installed face `id` as a font, loaded once.
    fn load(&self, system: &System, id: fontdb::ID) -> Option<usize> {
        let mut loaded = self.loaded.lock().ok()?;
        if let Some(&index) = loaded.installed.get(&id) {
            return Some(index);
        }
        let (data, index) = system.db.face_source(id).and_then(|(source, index)| {
            let data: Arc<dyn AsRef<[u8]> + Send + Sync> = match source {
                fontdb::Source::Binary(data) => data,
                fontdb::Source::File(path) => Arc::new(std::fs::read(path).ok()?),
                fontdb::Source::SharedFile(_, data) => data,
            };
            Some((data, index))
        })?;
        // The process keeps what it loaded: a few fonts at most.
        let data: &'static [u8] = (*Box::leak(Box::new(data))).as_ref().as_ref();
        let origin = match system.db.face(id).map(|info| &info.source) {
            Some(fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _)) => {
                format!("{} ({})", family_of(data, index), path.display())
            }
            _ => family_of(data, index),
        };
        let font: &'static Font = Box::leak(Box::new(Font::load(data, index, origin)?));
        let at = loaded.fonts.len();
        loaded.fonts.push(font);
        loaded.installed.insert(id, at);
        Some(at)
    }

    /// The fallback fonts looked in, for messages.
    pub(super) fn tried(&self) -> Vec<String> {
        let mut tried: Vec<String> = match self.loaded.lock() {
            Ok(loaded) => loaded
                .user
                .iter()
                .map(|&i| loaded.fonts[i].origin.clone())
                .collect(),
            Err(_) => Vec::new(),
        };
        match self.system.as_ref().and_then(OnceLock::get) {
            Some(system) => tried.push(format!(
                "the {} fonts installed on this machine",
                system.db.len()
            )),
            None if self.system.is_some() => {
                tried.push("the fonts installed on this machine".into())
            }
            None => {}
        }
        tried
    }
}

impl System {
    /// The installed fonts, ranked for each face.
    fn list() -> System {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let ranked = [Face::Regular, Face::Bold, Face::Mono].map(|face| {
            let mut faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
            faces.sort_by_cached_key(|info| rank(info, face));
            faces.iter().map(|info| info.id).collect()
        });
        System { db, ranked }
    }
}

/// How well an installed face matches a bundled one, best first: weight, monospace or not,
/// upright, sans-serif (as DejaVu Sans is), then its name, file and index.
fn rank(info: &fontdb::FaceInfo, face: Face) -> (u16, bool, bool, u8, String, String, u32) {
    let weight = if face == Face::Bold { 700 } else { 400 };
    let family = info
        .families
        .first()
        .map(|(name, _)| name.clone())
        .unwrap_or_default();
    let look = if family.contains("Sans") {
        0
    } else if family.contains("Serif") {
        2
    } else {
        1
    };
    let path = match &info.source {
        fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
            path.display().to_string()
        }
        fontdb::Source::Binary(_) => String::new(),
    };
    (
        info.weight.0.abs_diff(weight),
        info.monospaced != (face == Face::Mono),
        info.style != fontdb::Style::Normal,
        look,
        family,
        path,
        info.index,
    )
}

/// The family name of a face of `data`, for messages.
fn family_of(data: &'static [u8], index: u32) -> String {
    Font::load(data, index, String::new()).map_or_else(|| "a font".to_owned(), |f| f.family())
}

/// Every face of a font file (a collection holds several), in order.
fn read_file(path: &Path) -> Result<Vec<Font>> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::io(format!("reading the font file {}", path.display()), e))?;
    // The process keeps the fonts it was given.
    let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    let fonts: Vec<Font> = (0..count)
        .filter_map(|index| {
            let name = format!("{} ({})", family_of(data, index), path.display());
            Font::load(data, index, name)
        })
        .collect();
    if fonts.is_empty() {
        return Err(Error::usage(format!(
            "{} is not a font file this tool can read (TrueType, OpenType or a collection of them)",
            path.display()
        )));
    }
    Ok(fonts)
}
