//! Embeds the bundled bank (`banks/python`) so the binary works from any folder, and reads its
//! topic files now, with the same fast reader the tool uses (`scorecard-bank-format`), so that
//! loading the bundled bank at run time copies ready values instead of parsing YAML.

use std::fmt::Write as _;
use std::path::Path;

use scorecard_bank_format::embedded::topic_literal;

/// The characters of the common font subsets cut here.
#[path = "src/render/pdf/common.rs"]
#[allow(dead_code)]
mod common;
/// The TrueType reader and subsetter of the PDF renderer.
#[path = "src/render/pdf/ttf.rs"]
#[allow(dead_code)]
mod ttf;

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

/// Each face's common subset (`src/render/pdf/common.rs`), as a font program and deflated
/// (zlib, best compression), written to `common-<face>.ttf` and `common-<face>.ttf.z`; and the
/// form fields' font the same way (`form.ttf`, `form.ttf.z`).
fn common_subsets(out_dir: &Path) {
    use std::io::Write as _;
    println!("cargo::rerun-if-changed=src/render/pdf/ttf.rs");
    println!("cargo::rerun-if-changed=src/render/pdf/common.rs");
    let fonts = [
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSansMono.ttf",
    ];
    for (face, name) in fonts.iter().enumerate() {
        let path = Path::new("templates/fonts").join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let bytes: &'static [u8] = Box::leak(
            std::fs::read(&path)
                .expect("font file reads")
                .into_boxed_slice(),
        );
        let font = ttf::TrueType::parse(bytes).expect("font file parses");
        let (cut, _) = font.subset(&common::chars()).expect("common subset cuts");
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&cut).expect("deflate to memory");
        let deflated = z.finish().expect("deflate to memory");
        std::fs::write(out_dir.join(format!("common-{face}.ttf")), &cut).expect("write subset");
        std::fs::write(out_dir.join(format!("common-{face}.ttf.z")), &deflated)
            .expect("write deflated subset");
        // The form fields' font: the regular face, for every character typed text may use.
        if face == 0 {
            let (cut, _) = font
                .subset_unhinted(&common::form_chars())
                .expect("form subset cuts");
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
            z.write_all(&cut).expect("deflate to memory");
            let deflated = z.finish().expect("deflate to memory");
            std::fs::write(out_dir.join("form.ttf"), &cut).expect("write subset");
            std::fs::write(out_dir.join("form.ttf.z"), &deflated).expect("write deflated subset");
        }
    }
}
