//! Embeds the bundled bank (`banks/python`) so the binary works from any folder, and reads its
//! topic files now, with the same fast reader the tool uses, so that loading the bundled bank
//! at run time copies ready values instead of parsing YAML.

use std::fmt::Write as _;
use std::path::Path;

/// The fast topic-file reader of `src/bank/fast.rs`, compiled into this script with the few
/// types it reads into (the same shapes as in `src/bank/mod.rs`).
#[path = "src/bank/fast.rs"]
mod fast;

/// The characters of the common font subsets cut here.
#[path = "src/render/pdf/common.rs"]
#[allow(dead_code)]
mod common;
/// The TrueType reader and subsetter of the PDF renderer.
#[path = "src/render/pdf/ttf.rs"]
#[allow(dead_code)]
mod ttf;

#[derive(Debug, Clone, PartialEq, Eq)]
struct At<T> {
    value: T,
    line: u64,
    column: u64,
}

impl<T> At<T> {
    fn new(value: T, line: u64, column: u64) -> Self {
        Self {
            value,
            line,
            column,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Basic,
    Intermediate,
    Advanced,
    Expert,
}

impl Level {
    const ALL: [Level; 4] = [
        Level::Basic,
        Level::Intermediate,
        Level::Advanced,
        Level::Expert,
    ];

    fn name(self) -> &'static str {
        match self {
            Level::Basic => "basic",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
            Level::Expert => "expert",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct TopicData {
    topic: At<String>,
    title: String,
    questions: Vec<QuestionData>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct QuestionData {
    id: At<String>,
    level: At<Level>,
    minutes: At<u32>,
    concept: Option<String>,
    prompt: At<String>,
    expected: At<Vec<String>>,
    follow_ups: Vec<String>,
    red_flags: Vec<String>,
    tags: Vec<String>,
}

fn main() {
    let dir = Path::new("banks/python");
    println!("cargo::rerun-if-changed={}", dir.display());
    println!("cargo::rerun-if-changed=src/bank/fast.rs");
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
        let parsed = match fast::read(&text) {
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

fn at_literal(at: &At<String>) -> String {
    format!("({:?}, {}, {})", at.value, at.line, at.column)
}

fn list_literal(items: &[String]) -> String {
    format!(
        "&[{}]",
        items
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn topic_literal(topic: &TopicData) -> String {
    let mut questions = String::new();
    for q in &topic.questions {
        write!(
            questions,
            "Question {{ id: {}, level: (super::Level::{:?}, {}, {}), minutes: ({}, {}, {}), \
             concept: {:?}, prompt: {}, expected: ({}, {}, {}), follow_ups: {}, red_flags: {}, \
             tags: {} }}, ",
            at_literal(&q.id),
            q.level.value,
            q.level.line,
            q.level.column,
            q.minutes.value,
            q.minutes.line,
            q.minutes.column,
            q.concept,
            at_literal(&q.prompt),
            list_literal(&q.expected.value),
            q.expected.line,
            q.expected.column,
            list_literal(&q.follow_ups),
            list_literal(&q.red_flags),
            list_literal(&q.tags),
        )
        .expect("write to string");
    }
    format!(
        "Topic {{ topic: {}, title: {:?}, questions: &[{questions}] }}",
        at_literal(&topic.topic),
        topic.title
    )
}
