//! The fonts a PDF draws with, read with ttf-parser: the bundled DejaVu faces, each a
//! [`Font`] that maps characters to glyphs and measures them, and the fonts that stand in for
//! them (`fallback`). Everything downstream works with glyph ids of a font ([`FontKey`]): the
//! text of a page is turned into glyphs once (`shape`, `glyphs`), those glyphs are cut into
//! subsets (`subset`) and embedded with the text each glyph stands for (`embed`).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

pub(super) use super::fallback::Fallback;
pub(crate) use super::fallback::FontOptions;
use crate::error::{Error, Result};

/// The faces the card uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Face {
    Regular,
    Bold,
    Mono,
}

impl Face {
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// A font of a document, by its place in [`Fonts`]: the bundled faces first, in the order of
/// [`Face`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct FontKey(pub u16);

impl From<Face> for FontKey {
    fn from(face: Face) -> FontKey {
        FontKey(face as u16)
    }
}

/// Font files shipped in `templates/fonts` (DejaVu, under its permissive licence).
pub(super) const FONT_FILES: [&[u8]; 3] = [
    include_bytes!("../../../templates/fonts/DejaVuSans.ttf"),
    include_bytes!("../../../templates/fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../../templates/fonts/DejaVuSansMono.ttf"),
];

/// A face with its glyphs' advance widths in 1/1000 em (the unit PDF uses).
pub(super) struct Font {
    /// The font file, and the face's index in it (a collection holds several).
    pub data: &'static [u8],
    pub index: u32,
    /// Where it comes from: the bundled face's name, or the file's path and the index.
    pub origin: String,
    face: ttf_parser::Face<'static>,
    /// The face as the shaper reads it, made when text in it is first shaped.
    shaper: OnceLock<rustybuzz::Face<'static>>,
    units_per_em: f32,
    /// Glyph id (high half) and advance (low half) of U+0020..U+04FF (Latin, Greek, Cyrillic),
    /// each looked up in the font the first time it is needed (`UNSEEN` until then) and
    /// `MISSING` where the face has no glyph. Other characters are looked up whenever met.
    table: Vec<AtomicU32>,
}

const TABLE_START: u32 = 0x20;
const TABLE_END: u32 = 0x500;
const MISSING: u32 = u32::MAX;
const UNSEEN: u32 = u32::MAX - 1;

/// The vertical metrics and name a PDF font descriptor gives, in 1/1000 em.
pub(super) struct Metrics {
    pub bbox: [i64; 4],
    pub ascent: i64,
    pub descent: i64,
    pub cap_height: i64,
}

impl Font {
    /// The face at `index` of a font file; `None` for anything ttf-parser cannot read or that
    /// has no character map.
    pub(super) fn load(data: &'static [u8], index: u32, origin: String) -> Option<Font> {
        let face = ttf_parser::Face::parse(data, index).ok()?;
        face.tables().cmap?;
        let units_per_em = f32::from(face.units_per_em());
        Some(Font {
            data,
            index,
            origin,
            face,
            shaper: OnceLock::new(),
            units_per_em,
            table: (TABLE_START..TABLE_END)
                .map(|_| AtomicU32::new(UNSEEN))
                .collect(),
        })
    }

    /// Glyph id and advance of `c`, from the font.
    fn lookup(&self, c: char) -> Option<(u16, u16)> {
        let gid = self.face.glyph_index(c)?.0;
        Some((gid, self.glyph_advance(gid)))
    }

    /// Glyph id and advance of `c`, from the table when it is there.
    #[inline]
    fn entry(&self, c: char) -> Option<(u16, u16)> {
        let cp = c as u32;
        if !(TABLE_START..TABLE_END).contains(&cp) {
            return self.lookup(c);
        }
        let slot = &self.table[(cp - TABLE_START) as usize];
        let mut entry = slot.load(Ordering::Relaxed);
        if entry == UNSEEN {
            // Threads that race here store the same value.
            entry = self
                .lookup(c)
                .map_or(MISSING, |(g, a)| (u32::from(g) << 16) | u32::from(a));
            slot.store(entry, Ordering::Relaxed);
        }
        (entry != MISSING).then_some(((entry >> 16) as u16, entry as u16))
    }

    /// The glyph that shows `c`.
    #[inline]
    pub(super) fn glyph(&self, c: char) -> Option<u16> {
        self.entry(c).map(|(g, _)| g)
    }

    /// Advance of `c` in 1/1000 em.
    #[inline]
    pub(super) fn advance(&self, c: char) -> Option<u16> {
        self.entry(c).map(|(_, a)| a)
    }

    /// Advance of a glyph in 1/1000 em, rounded as layout measures it.
    pub(super) fn glyph_advance(&self, gid: u16) -> u16 {
        self.scaled_advance(gid).round() as u16
    }

    /// A glyph's width in the PDF's `/W` array: its advance in 1/1000 em, rounded down (as
    /// printpdf wrote it; text is placed by these widths).
    pub(super) fn pdf_width(&self, gid: u16) -> u16 {
        self.scaled_advance(gid) as u16
    }

    fn scaled_advance(&self, gid: u16) -> f32 {
        let advance = self
            .face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        f32::from(advance) * 1000.0 / self.units_per_em
    }

    /// Whether the face has a glyph for `c`.
    #[inline]
    pub(super) fn has(&self, c: char) -> bool {
        self.entry(c).is_some()
    }

    /// Ascent in 1/1000 em, for placing baselines.
    pub(super) fn ascent(&self) -> f32 {
        f32::from(self.face.ascender()) * 1000.0 / self.units_per_em
    }

    /// A name of the face (`id`, see `ttf_parser::name_id`): a Unicode one, else a
    /// Macintosh Roman one read as ASCII.
    fn name(&self, id: u16) -> Option<String> {
        let names = || {
            self.face
                .names()
                .into_iter()
                .filter(move |n| n.name_id == id)
        };
        names().find_map(|n| n.to_string()).or_else(|| {
            names()
                .map(|n| String::from_utf8_lossy(n.name).into_owned())
                .next()
        })
    }

    /// The PostScript name, which PDF uses as the font's name.
    pub(super) fn postscript_name(&self) -> String {
        self.name(ttf_parser::name_id::POST_SCRIPT_NAME)
            .map(|name| name.chars().filter(char::is_ascii_graphic).collect())
            .filter(|name: &String| !name.is_empty())
            .unwrap_or_else(|| "Font".to_owned())
    }

    /// The family name, for messages.
    pub(super) fn family(&self) -> String {
        self.name(ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
            .or_else(|| self.name(ttf_parser::name_id::FAMILY))
            .unwrap_or_else(|| self.postscript_name())
    }

    /// The face as the shaper reads it.
    pub(super) fn shaper(&self) -> &rustybuzz::Face<'static> {
        self.shaper
            .get_or_init(|| rustybuzz::Face::from_face(self.face.clone()))
    }

    /// Font units per em, as a float.
    pub(super) fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    /// What a PDF font descriptor says of the face.
    pub(super) fn metrics(&self) -> Metrics {
        let scale = |v: i16| (f32::from(v) * 1000.0 / self.units_per_em).round() as i64;
        let b = self.face.global_bounding_box();
        Metrics {
            bbox: [b.x_min, b.y_min, b.x_max, b.y_max].map(scale),
            ascent: scale(self.face.ascender()),
            descent: scale(self.face.descender()),
            cap_height: scale(self.face.capital_height().unwrap_or(self.face.ascender())),
        }
    }

    /// Whether the outlines are CFF (PostScript) rather than TrueType.
    pub(super) fn is_cff(&self) -> bool {
        self.face.tables().cff.is_some()
    }

    /// The number of glyphs in the face.
    pub(super) fn glyph_count(&self) -> u16 {
        self.face.number_of_glyphs()
    }
}

/// The bundled faces, parsed once per process and shared by every card, and the fonts that
/// stand in for them where they have no glyph ([`Fallback`]).
pub(super) struct Fonts {
    faces: Vec<Font>,
    fallback: Fallback,
}

static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();

impl Fonts {
    /// The fonts, with the fallback fonts [`configure`] set up (by default, the machine's).
    pub(super) fn get() -> Result<&'static Fonts> {
        FONTS
            .get_or_init(|| Fonts::load(Fallback::new(&FontOptions::default()).ok()?))
            .as_ref()
            .ok_or_else(|| Error::internal("the built-in PDF fonts could not be read"))
    }

    fn load(fallback: Fallback) -> Option<Fonts> {
        let names = ["DejaVu Sans", "DejaVu Sans Bold", "DejaVu Sans Mono"];
        let faces: Option<Vec<Font>> = FONT_FILES
            .iter()
            .zip(names)
            .map(|(b, name)| Font::load(b, 0, name.to_owned()))
            .collect();
        Some(Fonts {
            faces: faces?,
            fallback,
        })
    }

    /// A bundled face with the fonts standing in for it: what layout measures text with.
    pub(super) fn face(&self, face: Face) -> Styled<'_> {
        Styled { fonts: self, face }
    }

    /// A bundled face itself.
    pub(super) fn bundled(&self, face: Face) -> &Font {
        &self.faces[face.index()]
    }

    /// A font of a document by its key.
    pub(super) fn font(&self, key: FontKey) -> Option<&Font> {
        match usize::from(key.0) {
            i if i < self.faces.len() => self.faces.get(i),
            i => self.fallback.font(i - self.faces.len()),
        }
    }

    /// The font that draws `c` in `face`: the face itself, else the first fallback font that
    /// has it; `None` when no font has it.
    pub(super) fn font_for(&self, face: Face, c: char) -> Option<FontKey> {
        if self.bundled(face).has(c) {
            return Some(face.into());
        }
        let index = self.fallback.font_for(face, c)?;
        u16::try_from(self.faces.len() + index).ok().map(FontKey)
    }

    /// The fonts looked in for a character of `face`, for messages.
    pub(super) fn tried(&self, face: Face) -> String {
        let mut tried = vec![self.bundled(face).origin.clone()];
        tried.extend(self.fallback.tried());
        tried.join(", ")
    }

    /// Whether a character no font has is an error rather than a warning.
    pub(super) fn strict(&self) -> bool {
        self.fallback.strict
    }
}

/// Set up the fonts that stand in for the bundled faces, before the first PDF is laid out;
/// an error names a font file that cannot be read.
pub(crate) fn configure(options: &FontOptions) -> Result<()> {
    let fallback = Fallback::new(options)?;
    let fonts = Fonts::load(fallback).ok_or_else(|| Error::internal("the built-in fonts"))?;
    FONTS
        .set(Some(fonts))
        .map_err(|_| Error::internal("the PDF fonts were set up twice"))
}

/// Look in these font files (a spec's `fonts`) too, after those given before.
pub(crate) fn add_files(paths: &[std::path::PathBuf]) -> Result<()> {
    if paths.is_empty() {
        return Ok(());
    }
    Fonts::get()?.fallback.add_files(paths)
}

/// A bundled face with its fallback fonts: widths of text as it is drawn.
#[derive(Clone, Copy)]
pub(super) struct Styled<'a> {
    fonts: &'a Fonts,
    face: Face,
}

impl Styled<'_> {
    /// Whether some font has a glyph for `c`.
    pub(super) fn has(&self, c: char) -> bool {
        self.fonts.bundled(self.face).has(c)
            || super::shape::ignorable(c)
            || self.fonts.font_for(self.face, c).is_some()
    }

    /// Width of `text` at `size` points, shaped as it is drawn.
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        let font = self.fonts.bundled(self.face);
        if let Some(units) = super::shape::simple_width(font, text) {
            return units as f32 * size / 1000.0;
        }
        let units: f32 = super::shape::shape(self.fonts, self.face, text)
            .iter()
            .flat_map(|run| &run.glyphs)
            .map(|g| g.advance)
            .sum();
        units * size / 1000.0
    }

    /// Ascent in 1/1000 em, for placing baselines.
    pub(super) fn ascent(&self) -> f32 {
        self.fonts.bundled(self.face).ascent()
    }
}
