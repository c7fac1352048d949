//! Embeds the bundled bank (`banks/python`) so the binary works from any folder, and reads its
//! topic files now, with the same fast reader the tool uses (`scorecard-bank-format`), so that
//! loading the bundled bank at run time copies ready values instead of parsing YAML.

use std::fmt::Write as _;
use std::path::Path;

use scorecard_bank_format::embedded::topic_literal;

/// The character sets of the font subsets cut here.
#[path = "src/render/pdf/common.rs"]
mod common;

fn main() {
    let dir = Path::new("banks/python");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("banks/python exists")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// The bundled bank's files: (file name, text, the topic as read when the text is a\n\
         /// topic file the fast reader reads).\n\
         pub static FILES: &[(&str, &str, Option<Topic>)] = &[\n",
    );
    for name in &names {
        println!("cargo::rerun-if-changed={}", dir.join(name).display());
        let path = std::fs::canonicalize(dir.join(name)).expect("bank file exists");
        let text = std::fs::read_to_string(&path).expect("bank file reads");
        let parsed = match scorecard_bank_format::read(&text) {
            Some(topic) if name != "bank.yaml" => format!("Some({})", topic_literal(&topic)),
            _ => "None".to_owned(),
        };
        writeln!(
            out,
            "    ({name:?}, include_str!({:?}), {parsed}),",
            path.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("bundled_bank.rs"), out)
        .expect("write bundled_bank.rs");
    common_subsets(Path::new(&out_dir));
}

/// Each bundled face cut down to its character set (`src/render/pdf/common.rs`: the regular
/// face to what typed form text may use, which covers the card's common text too) with the
/// subsetter crate, its hinting removed (with write-fonts), and deflated at zlib's best
/// level: `subset-<face>.ttf` and `.ttf.z`, and `subsets.rs`, which names them with the
/// original glyph ids each holds, in the order of their new ids (1, 2, ...; 0 is `.notdef`).
fn common_subsets(out_dir: &Path) {
    use std::io::Write as _;
    println!("cargo::rerun-if-changed=src/render/pdf/common.rs");
    let faces = [
        ("DejaVuSans.ttf", common::form_chars()),
        ("DejaVuSans-Bold.ttf", common::chars()),
        ("DejaVuSansMono.ttf", common::chars()),
    ];
    let mut rs = String::from("[\n");
    for (face, (name, chars)) in faces.iter().enumerate() {
        let path = Path::new("templates/fonts").join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let data = std::fs::read(&path).expect("font file reads");
        let font = ttf_parser::Face::parse(&data, 0).expect("font file parses");
        let glyphs: Vec<u16> = chars
            .iter()
            .filter_map(|&c| font.glyph_index(c))
            .map(|g| g.0)
            .collect::<std::collections::BTreeSet<u16>>()
            .into_iter()
            .collect();
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&glyphs);
        let cut = unhinted(&subsetter::subset(&data, 0, &remapper).expect("subset cuts"));
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&cut).expect("deflate to memory");
        let deflated = z.finish().expect("deflate to memory");
        let file = out_dir.join(format!("subset-{face}.ttf"));
        std::fs::write(&file, &cut).expect("write subset");
        std::fs::write(out_dir.join(format!("subset-{face}.ttf.z")), &deflated)
            .expect("write deflated subset");
        writeln!(
            rs,
            "    Prebuilt {{ program: include_bytes!({file:?}), deflated: include_bytes!(\"{}.z\"), glyphs: &{glyphs:?} }},",
            file.display()
        )
        .expect("write to string");
    }
    rs.push_str("]\n");
    std::fs::write(out_dir.join("subsets.rs"), rs).expect("write subsets.rs");
}

/// A TrueType font without its hinting: the glyphs' instructions and the tables they use
/// (`cvt `, `fpgm`, `prep`). PDF viewers mostly draw glyphs unhinted, and the instructions are
/// half of DejaVu's outlines.
fn unhinted(font: &[u8]) -> Vec<u8> {
    use write_fonts::from_obj::ToOwnedTable as _;
    use write_fonts::read::tables::glyf::Glyph as Read;
    use write_fonts::read::{FontRef, TableProvider as _};
    use write_fonts::tables::glyf::{CompositeGlyph, GlyfLocaBuilder, Glyph, SimpleGlyph};
    use write_fonts::types::{GlyphId, Tag};
    let font = FontRef::new(font).expect("subset parses");
    let glyf = font.glyf().expect("subset has glyf");
    let loca = font.loca(None).expect("subset has loca");
    let mut builder = GlyfLocaBuilder::new();
    for gid in 0..font.maxp().expect("subset has maxp").num_glyphs() {
        let glyph = match loca
            .get_glyf(GlyphId::new(gid.into()), &glyf)
            .expect("glyph reads")
        {
            None => Glyph::Empty,
            Some(Read::Simple(read)) => {
                let mut simple: SimpleGlyph = read.to_owned_table();
                simple.instructions.clear();
                Glyph::Simple(simple)
            }
            Some(Read::Composite(read)) => {
                let owned: CompositeGlyph = read.to_owned_table();
                let mut parts = owned.components().iter();
                let first = parts.next().expect("a composite glyph has components");
                let mut composite = CompositeGlyph::new(first.clone(), owned.bbox);
                for part in parts {
                    composite.add_component(part.clone(), owned.bbox);
                }
                Glyph::Composite(composite)
            }
        };
        builder.add_glyph(&glyph).expect("glyph writes");
    }
    let (glyf, loca, format) = builder.build();
    let mut head: write_fonts::tables::head::Head =
        font.head().expect("subset has head").to_owned_table();
    head.index_to_loc_format = format as i16;
    let mut out = write_fonts::FontBuilder::new();
    out.add_table(&glyf).expect("glyf writes");
    out.add_table(&loca).expect("loca writes");
    out.add_table(&head).expect("head writes");
    let hinting = [Tag::new(b"cvt "), Tag::new(b"fpgm"), Tag::new(b"prep")];
    for record in font.table_directory.table_records() {
        let tag = record.tag();
        if !hinting.contains(&tag) && !out.contains(tag) {
            out.add_raw(
                tag,
                font.table_data(tag)
                    .expect("table reads")
                    .as_bytes()
                    .to_vec(),
            );
        }
    }
    out.build()
}
