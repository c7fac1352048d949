//! Just enough TrueType for the card: a face's character map and advance widths, read in
//! place from the font file, and subsets that hold only the glyphs a card draws.
//!
//! A general font library parses every glyph of a face (thousands, for DejaVu) before it can
//! measure one string or cut one subset, and that was most of the time a single card took.
//! Here a face is a table directory over the bytes compiled into the binary; measuring looks
//! up the character map and the metrics table directly, and a subset copies the few glyphs
//! needed. printpdf then reads the small subset as it reads any font, to embed it.
//!
//! A subset keeps `.notdef` as glyph 0, the glyphs of the characters asked for and the parts
//! of composite glyphs (accented letters), renumbered in their original order; a character
//! map for exactly those characters; the metrics, naming and hinting tables; and drops the
//! layout tables (GSUB, GPOS, kern...) that a PDF does not use.

use std::collections::{BTreeMap, BTreeSet};

/// A TrueType face read in place.
pub struct TrueType {
    data: &'static [u8],
    /// Table tag → (offset, length).
    tables: BTreeMap<[u8; 4], (usize, usize)>,
    units_per_em: u16,
    ascender: i16,
    num_glyphs: u16,
    num_h_metrics: u16,
    long_loca: bool,
    cmap: Cmap,
}

/// The Unicode subtable of the character map in use.
#[derive(Clone, Copy)]
enum Cmap {
    /// Format 4 (the Basic Multilingual Plane), at this offset.
    Segments(usize),
    /// Format 12 (all of Unicode), at this offset.
    Groups(usize),
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

impl TrueType {
    /// Read the table directory and the few header fields needed; `None` for anything that
    /// is not a well-formed TrueType (glyf-outline) face.
    pub fn parse(data: &'static [u8]) -> Option<TrueType> {
        if u32_at(data, 0)? != 0x0001_0000 {
            return None;
        }
        let count = usize::from(u16_at(data, 4)?);
        let mut tables = BTreeMap::new();
        for i in 0..count {
            let record = 12 + 16 * i;
            let tag: [u8; 4] = data.get(record..record + 4)?.try_into().ok()?;
            let offset = u32_at(data, record + 8)? as usize;
            let length = u32_at(data, record + 12)? as usize;
            data.get(offset..offset.checked_add(length)?)?;
            tables.insert(tag, (offset, length));
        }
        let head = tables.get(b"head")?.0;
        let hhea = tables.get(b"hhea")?.0;
        let maxp = tables.get(b"maxp")?.0;
        tables.get(b"glyf")?;
        tables.get(b"loca")?;
        tables.get(b"hmtx")?;
        let mut face = TrueType {
            data,
            units_per_em: u16_at(data, head + 18)?.max(1),
            ascender: u16_at(data, hhea + 4)? as i16,
            num_glyphs: u16_at(data, maxp + 4)?,
            num_h_metrics: u16_at(data, hhea + 34)?.max(1),
            long_loca: u16_at(data, head + 50)? == 1,
            cmap: Cmap::Segments(0),
            tables,
        };
        face.cmap = face.find_cmap()?;
        Some(face)
    }

    /// The best Unicode subtable: format 12 when the face has one, else format 4.
    fn find_cmap(&self) -> Option<Cmap> {
        let cmap = self.tables.get(b"cmap")?.0;
        let count = usize::from(u16_at(self.data, cmap + 2)?);
        let mut best = None;
        for i in 0..count {
            let record = cmap + 4 + 8 * i;
            let platform = u16_at(self.data, record)?;
            let encoding = u16_at(self.data, record + 2)?;
            let at = cmap + u32_at(self.data, record + 4)? as usize;
            let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
            if !unicode {
                continue;
            }
            match u16_at(self.data, at)? {
                12 => return Some(Cmap::Groups(at)),
                4 => best = best.or(Some(Cmap::Segments(at))),
                _ => {}
            }
        }
        best
    }

    /// The PostScript name (name id 6), which PDF uses as the font's name: from a Macintosh
    /// record (one byte a character) or a Unicode or Windows one (UTF-16).
    pub fn postscript_name(&self) -> Option<String> {
        let &(at, length) = self.tables.get(b"name")?;
        let name = self.data.get(at..at + length)?;
        let storage = usize::from(u16_at(name, 4)?);
        for i in 0..usize::from(u16_at(name, 2)?) {
            let record = 6 + 12 * i;
            if u16_at(name, record + 6)? != 6 {
                continue;
            }
            let start = storage + usize::from(u16_at(name, record + 10)?);
            let bytes = name.get(start..start + usize::from(u16_at(name, record + 8)?))?;
            let text = match u16_at(name, record)? {
                1 => bytes.iter().map(|&b| char::from(b)).collect(),
                0 | 3 => char::decode_utf16(
                    bytes
                        .chunks_exact(2)
                        .map(|pair| u16::from_be_bytes([pair[0], pair[1]])),
                )
                .collect::<Result<String, _>>()
                .ok()?,
                _ => continue,
            };
            if !text.is_empty() {
                return Some(text);
            }
        }
        None
    }

    pub fn units_per_em(&self) -> u16 {
        self.units_per_em
    }

    /// The typographic ascender (hhea), in font units.
    pub fn ascender(&self) -> i16 {
        self.ascender
    }

    /// The typographic descender (hhea), in font units.
    pub fn descender(&self) -> i16 {
        let at = self.tables.get(b"hhea").map_or(0, |t| t.0);
        u16_at(self.data, at + 6).map_or(0, |d| d as i16)
    }

    /// The bounding box of all glyphs (head: xMin, yMin, xMax, yMax), in font units.
    pub fn bbox(&self) -> [i16; 4] {
        let at = self.tables.get(b"head").map_or(0, |t| t.0);
        [36, 38, 40, 42].map(|o| u16_at(self.data, at + o).map_or(0, |v| v as i16))
    }

    /// The glyph for `c`, or `None` when the face has none (glyph 0).
    pub fn glyph(&self, c: char) -> Option<u16> {
        let code = c as u32;
        let data = self.data;
        let gid = match self.cmap {
            Cmap::Groups(at) => {
                let groups = u32_at(data, at + 12)? as usize;
                let (mut low, mut high) = (0, groups);
                let mut found = 0;
                while low < high {
                    let mid = (low + high) / 2;
                    let group = at + 16 + 12 * mid;
                    let (start, end) = (u32_at(data, group)?, u32_at(data, group + 4)?);
                    if code < start {
                        high = mid;
                    } else if code > end {
                        low = mid + 1;
                    } else {
                        found = u32_at(data, group + 8)?.checked_add(code - start)?;
                        break;
                    }
                }
                u16::try_from(found).ok()?
            }
            Cmap::Segments(at) => {
                let code = u16::try_from(code).ok()?;
                let segments = usize::from(u16_at(data, at + 6)? / 2);
                let ends = at + 14;
                let starts = ends + 2 * segments + 2;
                let deltas = starts + 2 * segments;
                let ranges = deltas + 2 * segments;
                // The first segment whose end is at or past the code.
                let (mut low, mut high) = (0, segments);
                while low < high {
                    let mid = (low + high) / 2;
                    if u16_at(data, ends + 2 * mid)? < code {
                        low = mid + 1;
                    } else {
                        high = mid;
                    }
                }
                let i = low;
                if i >= segments || u16_at(data, starts + 2 * i)? > code {
                    return None;
                }
                let delta = u16_at(data, deltas + 2 * i)?;
                let range = u16_at(data, ranges + 2 * i)?;
                if range == 0 {
                    code.wrapping_add(delta)
                } else {
                    let start = u16_at(data, starts + 2 * i)?;
                    let at = ranges + 2 * i + usize::from(range) + 2 * usize::from(code - start);
                    match u16_at(data, at)? {
                        0 => 0,
                        g => g.wrapping_add(delta),
                    }
                }
            }
        };
        (gid != 0 && gid < self.num_glyphs).then_some(gid)
    }

    /// Advance width and left side bearing of a glyph, in font units.
    fn metrics(&self, gid: u16) -> Option<(u16, i16)> {
        let hmtx = self.tables.get(b"hmtx")?.0;
        let long = self.num_h_metrics;
        if gid < long {
            let at = hmtx + 4 * usize::from(gid);
            Some((u16_at(self.data, at)?, u16_at(self.data, at + 2)? as i16))
        } else {
            let advance = u16_at(self.data, hmtx + 4 * usize::from(long - 1))?;
            let at = hmtx + 4 * usize::from(long) + 2 * usize::from(gid - long);
            Some((advance, u16_at(self.data, at)? as i16))
        }
    }

    /// Advance width of a glyph, in font units.
    pub fn advance(&self, gid: u16) -> u16 {
        self.metrics(gid).map_or(0, |(advance, _)| advance)
    }

    /// The outline bytes of a glyph (empty for a blank glyph such as the space).
    fn outline(&self, gid: u16) -> Option<&'static [u8]> {
        let loca = self.tables.get(b"loca")?.0;
        let glyf = self.tables.get(b"glyf")?.0;
        let i = usize::from(gid);
        let (start, end) = if self.long_loca {
            (
                u32_at(self.data, loca + 4 * i)? as usize,
                u32_at(self.data, loca + 4 * i + 4)? as usize,
            )
        } else {
            (
                2 * usize::from(u16_at(self.data, loca + 2 * i)?),
                2 * usize::from(u16_at(self.data, loca + 2 * i + 2)?),
            )
        };
        if end < start {
            return None;
        }
        self.data.get(glyf + start..glyf + end)
    }

    /// The face cut down to `chars` (those it has): a complete TrueType font, and the glyph
    /// id of each character in it.
    pub fn subset(&self, chars: &BTreeSet<char>) -> Option<(Vec<u8>, BTreeMap<char, u16>)> {
        self.cut(chars, true)
    }

    /// A subset as [`TrueType::subset`] cuts it, without hinting (the glyphs' instructions and
    /// the tables they use): a third smaller, for a font that only a form field's typed text is
    /// set in, which readers draw at sizes and scales hinting does not help.
    #[allow(dead_code, reason = "build.rs cuts the form font with it")]
    pub fn subset_unhinted(
        &self,
        chars: &BTreeSet<char>,
    ) -> Option<(Vec<u8>, BTreeMap<char, u16>)> {
        self.cut(chars, false)
    }

    fn cut(&self, chars: &BTreeSet<char>, hinted: bool) -> Option<(Vec<u8>, BTreeMap<char, u16>)> {
        let mapped: Vec<(char, u16)> = chars
            .iter()
            .filter_map(|&c| self.glyph(c).map(|g| (c, g)))
            .collect();
        // .notdef, the characters' glyphs, and every part of composite glyphs.
        let mut keep: BTreeSet<u16> = std::iter::once(0)
            .chain(mapped.iter().map(|(_, g)| *g))
            .collect();
        let mut pending: Vec<u16> = keep.iter().copied().collect();
        while let Some(gid) = pending.pop() {
            for part in components(self.outline(gid)?)? {
                if part < self.num_glyphs && keep.insert(part) {
                    pending.push(part);
                }
            }
        }
        let new_id: BTreeMap<u16, u16> = keep
            .iter()
            .enumerate()
            .map(|(i, &old)| Some((old, u16::try_from(i).ok()?)))
            .collect::<Option<_>>()?;

        let mut glyf = Vec::new();
        let mut loca = Vec::with_capacity(4 * (keep.len() + 1));
        let mut hmtx = Vec::with_capacity(4 * keep.len());
        for &old in &keep {
            loca.extend_from_slice(&u32::try_from(glyf.len()).ok()?.to_be_bytes());
            let outline = self.outline(old)?;
            let start = glyf.len();
            if hinted {
                glyf.extend_from_slice(outline);
            } else {
                glyf.extend_from_slice(&without_instructions(outline)?);
            }
            renumber_components(&mut glyf[start..], &new_id)?;
            while glyf.len() % 4 != 0 {
                glyf.push(0);
            }
            let (advance, bearing) = self.metrics(old)?;
            hmtx.extend_from_slice(&advance.to_be_bytes());
            hmtx.extend_from_slice(&bearing.to_be_bytes());
        }
        loca.extend_from_slice(&u32::try_from(glyf.len()).ok()?.to_be_bytes());
        let glyphs = u16::try_from(keep.len()).ok()?;

        let table = |tag: &[u8; 4]| -> Option<&'static [u8]> {
            let (offset, length) = *self.tables.get(tag)?;
            self.data.get(offset..offset + length)
        };
        let mut head = table(b"head")?.to_vec();
        head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
        head.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());
        let mut hhea = table(b"hhea")?.to_vec();
        hhea.get_mut(34..36)?.copy_from_slice(&glyphs.to_be_bytes());
        let mut maxp = table(b"maxp")?.to_vec();
        maxp.get_mut(4..6)?.copy_from_slice(&glyphs.to_be_bytes());
        // post version 3: the header only, no glyph names.
        let mut post = table(b"post")?.get(..32)?.to_vec();
        post.get_mut(0..4)?
            .copy_from_slice(&0x0003_0000u32.to_be_bytes());
        let renumbered: Vec<(u32, u16)> = mapped
            .iter()
            .map(|(c, old)| Some((*c as u32, *new_id.get(old)?)))
            .collect::<Option<_>>()?;

        let mut out: Vec<([u8; 4], Vec<u8>)> = vec![
            (*b"cmap", cmap_table(&renumbered)?),
            (*b"glyf", glyf),
            (*b"head", head),
            (*b"hhea", hhea),
            (*b"hmtx", hmtx),
            (*b"loca", loca),
            (*b"maxp", maxp),
            (*b"post", post),
        ];
        if let Some(name) = table(b"name").and_then(name_table) {
            out.push((*b"name", name));
        }
        for tag in [b"OS/2", b"cvt ", b"fpgm", b"prep", b"gasp"] {
            if !hinted && tag != b"OS/2" {
                continue;
            }
            if let Some(data) = table(tag) {
                out.push((*tag, data.to_vec()));
            }
        }
        out.sort_by_key(|(tag, _)| *tag);
        let glyph_of = renumbered
            .iter()
            .filter_map(|&(c, g)| Some((char::from_u32(c)?, g)))
            .collect();
        Some((font_file(&out), glyph_of))
    }
}

/// Flags of a composite glyph's component records.
const ARGS_ARE_WORDS: u16 = 0x0001;
const HAS_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const HAS_XY_SCALE: u16 = 0x0040;
const HAS_TWO_BY_TWO: u16 = 0x0080;

/// Byte offsets of the glyph-index fields of a composite glyph's components (none for a
/// simple glyph).
fn component_fields(outline: &[u8]) -> Option<Vec<usize>> {
    if outline.len() < 10 || (u16_at(outline, 0)? as i16) >= 0 {
        return Some(Vec::new());
    }
    let mut fields = Vec::new();
    let mut at = 10;
    loop {
        let flags = u16_at(outline, at)?;
        fields.push(at + 2);
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAS_SCALE != 0 {
            2
        } else if flags & HAS_XY_SCALE != 0 {
            4
        } else if flags & HAS_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            return Some(fields);
        }
    }
}

/// Composite flag: instructions follow the last component.
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

/// A glyph's outline without its hinting instructions.
fn without_instructions(outline: &[u8]) -> Option<Vec<u8>> {
    if outline.len() < 10 {
        return Some(outline.to_vec());
    }
    let contours = u16_at(outline, 0)? as i16;
    if contours >= 0 {
        // Simple: the header, the contours' end points, the instructions' length and the
        // instructions, then the flags and coordinates.
        let at = 10 + 2 * usize::try_from(contours).ok()?;
        let length = usize::from(u16_at(outline, at)?);
        let mut out = outline.get(..at)?.to_vec();
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(outline.get(at + 2 + length..)?);
        return Some(out);
    }
    // Composite: the components, then (with the flag) the instructions; cut those and clear
    // the flag on every component.
    let mut out = outline.to_vec();
    let fields = component_fields(outline)?;
    let last = *fields.last()? - 2;
    let flags = u16_at(outline, last)?;
    let mut end = last + 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
    end += if flags & HAS_SCALE != 0 {
        2
    } else if flags & HAS_XY_SCALE != 0 {
        4
    } else if flags & HAS_TWO_BY_TWO != 0 {
        8
    } else {
        0
    };
    out.truncate(end);
    for at in fields {
        let flags = u16_at(&out, at - 2)? & !WE_HAVE_INSTRUCTIONS;
        out.get_mut(at - 2..at)?
            .copy_from_slice(&flags.to_be_bytes());
    }
    Some(out)
}

/// The glyphs a composite glyph is built from.
fn components(outline: &[u8]) -> Option<Vec<u16>> {
    component_fields(outline)?
        .into_iter()
        .map(|at| u16_at(outline, at))
        .collect()
}

/// Point a composite glyph's components at their new glyph ids.
fn renumber_components(outline: &mut [u8], new_id: &BTreeMap<u16, u16>) -> Option<()> {
    for at in component_fields(outline)? {
        let old = u16_at(outline, at)?;
        let new = new_id.get(&old)?;
        outline
            .get_mut(at..at + 2)?
            .copy_from_slice(&new.to_be_bytes());
    }
    Some(())
}

/// Characters further apart than this start a new segment of the format 4 subtable.
const SEGMENT_GAP: u16 = 64;

/// A character map for exactly `mapped` (code point, glyph), sorted by code: a format 4
/// subtable for the Basic Multilingual Plane and, only when there are characters beyond it, a
/// format 12 subtable for all of Unicode.
///
/// Readers (printpdf's among them) look characters up segment by segment, so the format 4
/// subtable has few segments: one per cluster of nearby characters (ASCII and Latin-1, a few
/// punctuation marks, ...), each a dense array of glyph ids with 0 for characters not kept.
fn cmap_table(mapped: &[(u32, u16)]) -> Option<Vec<u8>> {
    let bmp: Vec<(u16, u16)> = mapped
        .iter()
        .filter_map(|&(c, g)| Some((u16::try_from(c).ok().filter(|c| *c != 0xFFFF)?, g)))
        .collect();
    let mut clusters: Vec<Vec<(u16, u16)>> = Vec::new();
    for &(c, g) in &bmp {
        match clusters.last_mut() {
            Some(cluster) if c - cluster[cluster.len() - 1].0 <= SEGMENT_GAP => {
                cluster.push((c, g));
            }
            _ => clusters.push(vec![(c, g)]),
        }
    }
    let format4 = format4(&clusters).or_else(|| {
        // Too large for a format 4 table's 16-bit length: one segment per character.
        let single: Vec<Vec<(u16, u16)>> = bmp.iter().map(|&m| vec![m]).collect();
        format4(&single)
    })?;
    let astral = mapped.iter().any(|(c, _)| *c > 0xFFFF);

    let push = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    let push32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_be_bytes());
    let mut format12 = Vec::new();
    if astral {
        push(&mut format12, 12);
        push(&mut format12, 0);
        push32(&mut format12, u32::try_from(16 + 12 * mapped.len()).ok()?);
        push32(&mut format12, 0);
        push32(&mut format12, u32::try_from(mapped.len()).ok()?);
        for &(c, g) in mapped {
            push32(&mut format12, c);
            push32(&mut format12, c);
            push32(&mut format12, u32::from(g));
        }
    }

    let subtables: u16 = if astral { 2 } else { 1 };
    let mut table = Vec::new();
    push(&mut table, 0);
    push(&mut table, subtables);
    let first = 4 + 8 * usize::from(subtables);
    push(&mut table, 3);
    push(&mut table, 1);
    push32(&mut table, u32::try_from(first).ok()?);
    if astral {
        push(&mut table, 3);
        push(&mut table, 10);
        push32(&mut table, u32::try_from(first + format4.len()).ok()?);
    }
    table.extend_from_slice(&format4);
    table.extend_from_slice(&format12);
    Some(table)
}

/// A format 4 subtable with one dense segment per cluster (codes ascending), then the closing
/// 0xFFFF segment; `None` when it would not fit its 16-bit length.
fn format4(clusters: &[Vec<(u16, u16)>]) -> Option<Vec<u8>> {
    let segments = u16::try_from(clusters.len() + 1).ok()?;
    let spans: Vec<(u16, u16)> = clusters
        .iter()
        .map(|c| (c[0].0, c[c.len() - 1].0))
        .collect();
    let array: usize = spans
        .iter()
        .map(|(start, end)| usize::from(end - start) + 1)
        .sum();
    let length = u16::try_from(16 + 8 * usize::from(segments) + 2 * array).ok()?;
    let search = 2 * (1u16 << (15 - segments.leading_zeros()));
    let mut out = Vec::with_capacity(usize::from(length));
    let push = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    push(&mut out, 4);
    push(&mut out, length);
    push(&mut out, 0);
    push(&mut out, 2 * segments);
    push(&mut out, search);
    push(&mut out, (search / 2).trailing_zeros() as u16);
    push(&mut out, 2 * segments - search);
    for (_, end) in &spans {
        push(&mut out, *end);
    }
    push(&mut out, 0xFFFF);
    push(&mut out, 0);
    for (start, _) in &spans {
        push(&mut out, *start);
    }
    push(&mut out, 0xFFFF);
    // Glyphs come from the array (delta 0); the closing segment maps 0xFFFF to glyph 0.
    for _ in &spans {
        push(&mut out, 0);
    }
    push(&mut out, 1);
    // Each segment's offset, in bytes from its own entry, to its part of the array.
    let mut before = 0usize;
    for (i, (start, end)) in spans.iter().enumerate() {
        let offset = 2 * (usize::from(segments) - i) + 2 * before;
        push(&mut out, u16::try_from(offset).ok()?);
        before += usize::from(end - start) + 1;
    }
    push(&mut out, 0);
    for cluster in clusters {
        let start = cluster[0].0;
        let mut glyphs = vec![0u16; usize::from(cluster[cluster.len() - 1].0 - start) + 1];
        for &(c, g) in cluster {
            glyphs[usize::from(c - start)] = g;
        }
        for g in glyphs {
            push(&mut out, g);
        }
    }
    Some(out)
}

/// The naming table with only the copyright notice and the names (ids 0 to 6), as font
/// subsetters usually keep it: the licence text and the rest would add kilobytes to every PDF.
fn name_table(name: &[u8]) -> Option<Vec<u8>> {
    let count = usize::from(u16_at(name, 2)?);
    let storage = usize::from(u16_at(name, 4)?);
    let mut records = Vec::new();
    let mut strings = Vec::new();
    for i in 0..count {
        let record = 6 + 12 * i;
        let id = u16_at(name, record + 6)?;
        if id > 6 {
            continue;
        }
        let length = usize::from(u16_at(name, record + 8)?);
        let offset = storage + usize::from(u16_at(name, record + 10)?);
        records.extend_from_slice(name.get(record..record + 8)?);
        records.extend_from_slice(&u16::try_from(length).ok()?.to_be_bytes());
        records.extend_from_slice(&u16::try_from(strings.len()).ok()?.to_be_bytes());
        strings.extend_from_slice(name.get(offset..offset + length)?);
    }
    let kept = records.len() / 12;
    let mut out = Vec::with_capacity(6 + records.len() + strings.len());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&u16::try_from(kept).ok()?.to_be_bytes());
    out.extend_from_slice(&u16::try_from(6 + records.len()).ok()?.to_be_bytes());
    out.extend_from_slice(&records);
    out.extend_from_slice(&strings);
    Some(out)
}

/// Sum of a table as big-endian 32-bit words, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// A TrueType file from its tables (sorted by tag), with the directory, table checksums and
/// the head table's whole-file checksum adjustment.
fn font_file(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let count = tables.len() as u16;
    let power = 1u16 << (15 - count.leading_zeros());
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&(power * 16).to_be_bytes());
    out.extend_from_slice(&(power.trailing_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&(count * 16 - power * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use printpdf::ParsedFont;

    use super::*;
    use crate::render::pdf::layout::FONT_FILES;

    fn sample_chars() -> impl Iterator<Item = char> {
        (0x20..0x3000)
            .chain(0xFB00..0xFB10)
            .chain([0xFFFD, 0x1D400, 0x1F600])
            .filter_map(char::from_u32)
    }

    #[test]
    fn each_face_has_its_postscript_name() {
        let names: Vec<Option<String>> = FONT_FILES
            .iter()
            .map(|bytes| TrueType::parse(bytes).unwrap().postscript_name())
            .collect();
        assert_eq!(
            names,
            ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono"].map(|n| Some(n.to_owned()))
        );
    }

    #[test]
    fn glyphs_and_advances_match_a_full_font_parser() {
        for bytes in FONT_FILES {
            let ours = TrueType::parse(bytes).expect("parses");
            let full = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("parses");
            assert_eq!(ours.units_per_em(), full.pdf_font_metrics.units_per_em);
            assert_eq!(ours.ascender(), full.font_metrics.ascent);
            let mut found = 0;
            for c in sample_chars() {
                let theirs = full.lookup_glyph_index(c as u32).filter(|g| *g != 0);
                assert_eq!(ours.glyph(c), theirs, "glyph of U+{:04X}", c as u32);
                if let Some(g) = theirs {
                    found += 1;
                    assert_eq!(
                        Some(ours.advance(g)),
                        full.get_glyph_width(g),
                        "U+{:04X}",
                        c as u32
                    );
                }
            }
            assert!(found > 1000, "only {found} glyphs found");
        }
    }

    #[test]
    fn a_subset_keeps_each_characters_glyph_advance_and_outline() {
        let text = "Zoë Ångström-Ñúñez · Дмитрий Ковалёв · Ελληνικά — “quotes” … `code()` ½ ﬁ ✓ 漢";
        let chars: BTreeSet<char> = text.chars().chain('!'..='~').collect();
        for bytes in FONT_FILES {
            let full = TrueType::parse(bytes).expect("parses");
            let cut: &'static [u8] =
                Box::leak(full.subset(&chars).expect("subsets").0.into_boxed_slice());
            assert!(
                cut.len() < bytes.len() / 4,
                "{} of {} bytes",
                cut.len(),
                bytes.len()
            );
            let sub = TrueType::parse(cut).expect("the subset parses");
            let printpdf =
                ParsedFont::from_bytes(cut, 0, &mut Vec::new()).expect("printpdf reads it");
            assert_eq!(sub.postscript_name(), full.postscript_name());
            assert_eq!(sub.units_per_em(), full.units_per_em());
            assert_eq!(sub.ascender(), full.ascender());
            assert!(sub.outline(0).is_some(), ".notdef is kept");
            for &c in &chars {
                let Some(old) = full.glyph(c) else {
                    assert_eq!(sub.glyph(c), None, "{c:?} appears from nowhere");
                    continue;
                };
                let new = sub.glyph(c).unwrap_or_else(|| panic!("{c:?} lost"));
                assert_eq!(printpdf.lookup_glyph_index(c as u32), Some(new), "{c:?}");
                assert_eq!(sub.metrics(new), full.metrics(old), "{c:?}");
                assert_eq!(
                    printpdf.get_glyph_width(new),
                    Some(full.advance(old)),
                    "{c:?}"
                );
                same_outline(&full, old, &sub, new);
            }
        }
    }

    /// The two glyphs have the same outline: equal bytes for a simple glyph; for a composite,
    /// equal bytes but for the component ids, whose glyphs are the same in turn.
    fn same_outline(a: &TrueType, ga: u16, b: &TrueType, gb: u16) {
        let (oa, ob) = (a.outline(ga).unwrap(), b.outline(gb).unwrap());
        assert_eq!(oa.len(), ob.len().min(oa.len()), "glyph {ga} vs {gb}");
        let fields = component_fields(oa).unwrap();
        let mut masked_a = oa.to_vec();
        let mut masked_b = ob[..oa.len()].to_vec();
        for &at in &fields {
            masked_a[at..at + 2].copy_from_slice(&[0, 0]);
            masked_b[at..at + 2].copy_from_slice(&[0, 0]);
        }
        assert_eq!(masked_a, masked_b, "glyph {ga} vs {gb}");
        for at in fields {
            let (ca, cb) = (u16_at(oa, at).unwrap(), u16_at(ob, at).unwrap());
            same_outline(a, ca, b, cb);
        }
    }

    #[test]
    fn a_subset_of_every_character_maps_each_one() {
        let full = TrueType::parse(FONT_FILES[0]).unwrap();
        let chars: BTreeSet<char> = sample_chars()
            .filter(|&c| full.glyph(c).is_some())
            .collect();
        assert!(chars.len() > 3000);
        let cut: &'static [u8] = Box::leak(full.subset(&chars).unwrap().0.into_boxed_slice());
        let sub = TrueType::parse(cut).expect("parses");
        let printpdf = ParsedFont::from_bytes(cut, 0, &mut Vec::new()).expect("printpdf reads it");
        for &c in &chars {
            let new = sub.glyph(c).unwrap_or_else(|| panic!("{c:?} lost"));
            assert_eq!(printpdf.lookup_glyph_index(c as u32), Some(new), "{c:?}");
            assert_eq!(
                sub.advance(new),
                full.advance(full.glyph(c).unwrap()),
                "{c:?}"
            );
        }
        assert_eq!(sub.glyph('\u{10FFFF}'), None);
    }

    /// A face over a character map alone, to look characters up in it.
    fn cmap_only(table: Vec<u8>, subtable: usize) -> TrueType {
        let data: &'static [u8] = Box::leak(table.into_boxed_slice());
        let at = u32_at(data, 4 + 8 * subtable + 4).unwrap() as usize;
        TrueType {
            data,
            tables: BTreeMap::new(),
            units_per_em: 1000,
            ascender: 0,
            num_glyphs: u16::MAX,
            num_h_metrics: 1,
            long_loca: true,
            cmap: match u16_at(data, at).unwrap() {
                4 => Cmap::Segments(at),
                _ => Cmap::Groups(at),
            },
        }
    }

    #[test]
    fn a_character_map_too_large_for_dense_segments_has_one_per_character() {
        // Characters 60 apart over the whole plane are one cluster, whose dense array would
        // pass the format 4 table's 16-bit length; one beyond the plane adds format 12.
        let mut mapped: Vec<(u32, u16)> = (0x20u32..0xFFF0)
            .step_by(60)
            .filter(|c| char::from_u32(*c).is_some())
            .enumerate()
            .map(|(i, c)| (c, i as u16 + 1))
            .collect();
        mapped.push((0x1D400, 5000));
        let table = cmap_table(&mapped).unwrap();
        assert_eq!(u16_at(&table, 2), Some(2));
        let bmp = cmap_only(table.clone(), 0);
        let Cmap::Segments(at) = bmp.cmap else {
            panic!("format 4 first")
        };
        assert_eq!(
            usize::from(u16_at(bmp.data, at + 6).unwrap() / 2),
            mapped.len()
        );
        let all = cmap_only(table, 1);
        for &(c, g) in &mapped {
            let c = char::from_u32(c).unwrap();
            if (c as u32) < 0xFFFF {
                assert_eq!(bmp.glyph(c), Some(g), "{c:?}");
            }
            assert_eq!(all.glyph(c), Some(g), "{c:?}");
        }
        assert_eq!(bmp.glyph('\u{21}'), None);
        assert_eq!(all.glyph('\u{21}'), None);
    }

    #[test]
    fn few_clusters_make_few_segments() {
        let mapped: Vec<(u32, u16)> = "abcxyz—…"
            .chars()
            .enumerate()
            .map(|(i, c)| (c as u32, i as u16 + 1))
            .collect();
        let table = cmap_table(&mapped).unwrap();
        // One subtable (no characters beyond the BMP), at offset 12.
        assert_eq!(u16_at(&table, 2), Some(1));
        let segments = u16_at(&table, 12 + 6).unwrap() / 2;
        assert_eq!(
            segments, 3,
            "ASCII, the punctuation marks, and the closing segment"
        );
    }

    #[test]
    fn an_empty_subset_is_a_valid_font_with_notdef_only() {
        let full = TrueType::parse(FONT_FILES[0]).unwrap();
        let cut: &'static [u8] =
            Box::leak(full.subset(&BTreeSet::new()).unwrap().0.into_boxed_slice());
        let sub = TrueType::parse(cut).expect("parses");
        assert_eq!(sub.num_glyphs, 1);
        assert_eq!(sub.glyph('a'), None);
        assert_eq!(checksum(cut), 0xB1B0_AFBA, "the whole-file checksum");
    }
}
