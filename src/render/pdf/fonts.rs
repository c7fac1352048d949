//! The fonts a PDF draws with, read with ttf-parser: the bundled DejaVu faces, each a
//! [`Font`] that maps characters to glyphs and measures them. Everything downstream works
//! with glyph ids of a font ([`FontKey`]): the text of a page is turned into glyphs once
//! (`glyphs`), those glyphs are cut into subsets (`subset`) and embedded with the text each
//! glyph stands for (`embed`).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{Error, Result};

/// The faces the card uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
    Mono,
}

impl Face {
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A font of a document, by its place in [`Fonts`]: the bundled faces first, in the order of
/// [`Face`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FontKey(pub u16);

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
pub struct Font {
    /// The font file, and the face's index in it (a collection holds several).
    pub data: &'static [u8],
    pub index: u32,
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Glyph id (high half) and advance (low half) of U+0020..U+04FF (Latin, Greek, Cyrillic),
    /// each looked up in the font the first time it is needed (`UNSEEN` until then) and
    /// `MISSING` where the face has no glyph. Other characters are looked up whenever met.
    table: Vec<AtomicU32>,
    /// Advance of U+FFFD, which stands in for characters the face cannot show.
    fallback: u16,
}

const TABLE_START: u32 = 0x20;
const TABLE_END: u32 = 0x500;
const MISSING: u32 = u32::MAX;
const UNSEEN: u32 = u32::MAX - 1;

/// The vertical metrics and name a PDF font descriptor gives, in 1/1000 em.
pub struct Metrics {
    pub bbox: [i64; 4],
    pub ascent: i64,
    pub descent: i64,
    pub cap_height: i64,
}

impl Font {
    /// The face at `index` of a font file; `None` for anything ttf-parser cannot read or that
    /// has no character map.
    pub fn load(data: &'static [u8], index: u32) -> Option<Font> {
        let face = ttf_parser::Face::parse(data, index).ok()?;
        face.tables().cmap?;
        let units_per_em = f32::from(face.units_per_em());
        let mut font = Font {
            data,
            index,
            face,
            units_per_em,
            table: (TABLE_START..TABLE_END)
                .map(|_| AtomicU32::new(UNSEEN))
                .collect(),
            fallback: 600,
        };
        font.fallback = font.advance('\u{FFFD}').unwrap_or(600);
        Some(font)
    }

    /// Glyph id and advance of `c`, from the font.
    fn lookup(&self, c: char) -> Option<(u16, u16)> {
        let gid = self.face.glyph_index(c)?.0;
        Some((gid, self.glyph_advance(gid)))
    }

    /// Glyph id and advance of `c`, from the table when it is there.
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
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.entry(c).map(|(g, _)| g)
    }

    /// Advance of `c` in 1/1000 em.
    pub fn advance(&self, c: char) -> Option<u16> {
        self.entry(c).map(|(_, a)| a)
    }

    /// Advance of a glyph in 1/1000 em, rounded as layout measures it.
    pub fn glyph_advance(&self, gid: u16) -> u16 {
        self.scaled_advance(gid).round() as u16
    }

    /// A glyph's width in the PDF's `/W` array: its advance in 1/1000 em, rounded down (as
    /// printpdf wrote it; text is placed by these widths).
    pub fn pdf_width(&self, gid: u16) -> u16 {
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
    pub fn has(&self, c: char) -> bool {
        self.entry(c).is_some()
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(self.advance(c).unwrap_or(self.fallback)))
            .sum();
        units as f32 * size / 1000.0
    }

    /// Ascent in 1/1000 em, for placing baselines.
    pub fn ascent(&self) -> f32 {
        f32::from(self.face.ascender()) * 1000.0 / self.units_per_em
    }

    /// The PostScript name, which PDF uses as the font's name.
    pub fn postscript_name(&self) -> String {
        self.face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .or_else(|| {
                // Macintosh Roman names are ASCII for PostScript names.
                self.face
                    .names()
                    .into_iter()
                    .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
                    .map(|n| String::from_utf8_lossy(n.name).into_owned())
                    .next()
            })
            .map(|name| name.chars().filter(char::is_ascii_graphic).collect())
            .filter(|name: &String| !name.is_empty())
            .unwrap_or_else(|| "Font".to_owned())
    }

    /// What a PDF font descriptor says of the face.
    pub fn metrics(&self) -> Metrics {
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
    pub fn is_cff(&self) -> bool {
        self.face.tables().cff.is_some()
    }

    /// The number of glyphs in the face.
    pub fn glyph_count(&self) -> u16 {
        self.face.number_of_glyphs()
    }
}

/// The faces, parsed once per process and shared by every card.
pub struct Fonts {
    faces: Vec<Font>,
}

static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();

impl Fonts {
    pub fn get() -> Result<&'static Fonts> {
        FONTS
            .get_or_init(|| {
                let faces: Option<Vec<Font>> =
                    FONT_FILES.iter().map(|b| Font::load(b, 0)).collect();
                faces.map(|faces| Fonts { faces })
            })
            .as_ref()
            .ok_or_else(|| Error::internal("the built-in PDF fonts could not be read"))
    }

    pub fn face(&self, face: Face) -> &Font {
        &self.faces[face.index()]
    }

    /// A font of a document by its key.
    pub fn font(&self, key: FontKey) -> Option<&Font> {
        self.faces.get(usize::from(key.0))
    }
}
