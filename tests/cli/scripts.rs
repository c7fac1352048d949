//! Names in every script: fallback fonts (Debian's Noto fonts, given with `--font`, the
//! machine's own left alone), shaping, right-to-left order, CFF collections, checked with
//! poppler's and qpdf's tools. The tests that need the Noto fonts or the tools skip, saying
//! so, where they are not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{files_in, fixture, scorecard};

/// Debian's fonts-noto-cjk and fonts-noto-core.
const NOTO: [&str; 5] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
];

/// A name in each script the fonts above cover, beside the bundled fonts' own.
const NAMES: [&str; 7] = [
    "王小明",
    "山田 花子",
    "김민준",
    "محمد علي",
    "דוד כהן",
    "अर्जुन शर्मा",
    "สมชาย ใจดี",
];

/// The Noto fonts and poppler's tools, or `None` (said on stderr) when something is missing.
fn noto() -> Option<Vec<PathBuf>> {
    let fonts: Vec<PathBuf> = NOTO.iter().map(PathBuf::from).collect();
    let tools = ["pdftotext", "pdffonts"]
        .iter()
        .all(|tool| Command::new(tool).arg("-v").output().is_ok());
    if fonts.iter().all(|f| f.is_file()) && tools {
        Some(fonts)
    } else {
        eprintln!("skipped: needs fonts-noto-cjk, fonts-noto-core and poppler-utils");
        None
    }
}

fn font_args(fonts: &[PathBuf]) -> Vec<String> {
    let mut args = vec!["--no-system-fonts".to_owned()];
    for font in fonts {
        args.push("--font".to_owned());
        args.push(font.display().to_string());
    }
    args
}

/// What a tool prints about `pdf` (`after` follows the file's name).
fn tool(name: &str, pdf: &Path, after: &[&str]) -> String {
    let out = Command::new(name).arg(pdf).args(after).output().unwrap();
    assert!(out.status.success(), "{name} {pdf:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// A PDF's text as pdftotext gives it, without the directional marks it puts around
/// right-to-left runs, white space collapsed.
fn text_of(pdf: &Path) -> String {
    let text = tool("pdftotext", pdf, &["-"]);
    let text: String = text
        .chars()
        .filter(|c| !('\u{202A}'..='\u{202E}').contains(c))
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn names_in_seven_scripts_print_and_read_back_in_order() {
    let Some(fonts) = noto() else { return };
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("candidates.txt");
    std::fs::write(&list, NAMES.join("\n")).unwrap();
    let spec = fixture("specs/basic.yaml");
    let mut args = vec![
        "generate",
        spec.to_str().unwrap(),
        "--candidates",
        list.to_str().unwrap(),
        "--date",
        "2026-11-24",
        "--format",
        "pdf",
        "--out",
    ];
    let out = dir.path().join("out");
    args.push(out.to_str().unwrap());
    let fonts = font_args(&fonts);
    args.extend(fonts.iter().map(String::as_str));
    let run = scorecard(&args);
    run.success();
    assert!(!run.stderr().contains("U+"), "{}", run.stderr());
    let pdfs = files_in(&out);
    assert_eq!(pdfs.len(), NAMES.len(), "{pdfs:?}");
    for name in NAMES {
        // The file name folds the name; find the card by its text.
        let found = pdfs.iter().map(|p| out.join(p)).find(|pdf| {
            let text = text_of(pdf);
            text.contains(&format!("Platform Engineer · {name}"))
        });
        let pdf = found.unwrap_or_else(|| panic!("no card gives back {name:?}"));
        let listed = tool("pdffonts", &pdf, &[]);
        for line in listed.lines().skip(2) {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let n = columns.len();
            assert_eq!(
                columns[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "{name}: {line}"
            );
        }
    }
}

#[test]
fn a_card_with_a_cjk_name_embeds_a_small_cff_subset_and_is_reproducible() {
    let Some(fonts) = noto() else { return };
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("specs/basic.yaml");
    let mut bytes = Vec::new();
    for run in ["one", "two"] {
        let out = dir.path().join(run);
        let mut args = vec![
            "generate",
            spec.to_str().unwrap(),
            "--candidate",
            "王小明",
            "--date",
            "2026-11-24",
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ];
        let fonts = font_args(&fonts);
        args.extend(fonts.iter().map(String::as_str));
        scorecard(&args).success();
        let names = files_in(&out);
        let pdf = out.join(&names[0]);
        let listed = tool("pdffonts", &pdf, &[]);
        assert!(
            listed.contains("NotoSansCJK") && listed.contains("Type 0C"),
            "{listed}"
        );
        bytes.push(std::fs::read(&pdf).unwrap());
    }
    assert!(bytes[0].len() < 200_000, "{} bytes", bytes[0].len());
    assert!(bytes[0] == bytes[1], "two runs gave different bytes");
}

#[test]
fn a_character_no_font_has_is_reported_and_strict_makes_it_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("specs/basic.yaml");
    // A private-use character: no bundled font has it, and the machine's are left alone.
    let args = |out: &str, strict: bool| {
        let mut args = vec![
            "generate".to_owned(),
            spec.display().to_string(),
            "--candidate".to_owned(),
            "Ada \u{E000}".to_owned(),
            "--date".to_owned(),
            "2026-11-24".to_owned(),
            "--format".to_owned(),
            "pdf".to_owned(),
            "--no-system-fonts".to_owned(),
            "--out".to_owned(),
            dir.path().join(out).display().to_string(),
        ];
        if strict {
            args.push("--strict".to_owned());
        }
        args
    };
    let loose = args("loose", false);
    scorecard(&loose.iter().map(String::as_str).collect::<Vec<_>>())
        .success()
        .stderr_has("U+E000")
        .stderr_has("fonts tried: DejaVu Sans");
    let strict = args("strict", true);
    scorecard(&strict.iter().map(String::as_str).collect::<Vec<_>>())
        .failure()
        .stderr_has("U+E000");
    assert!(files_in(&dir.path().join("strict")).is_empty());
}

#[test]
fn a_font_file_that_is_not_a_font_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("bogus.ttf");
    std::fs::write(&bogus, "not a font").unwrap();
    let spec = fixture("specs/basic.yaml");
    scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--font",
        bogus.to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ])
    .failure()
    .stderr_has("bogus.ttf is not a font file");
}

#[test]
fn a_spec_names_its_fonts_relative_to_itself() {
    let Some(fonts) = noto() else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&fonts[4], dir.path().join("thai.ttf")).unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(
        &spec,
        format!(
            "extends: {}\nfonts: [thai.ttf]\n",
            fixture("specs/basic.yaml").display()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = scorecard(&[
        "generate",
        spec.to_str().unwrap(),
        "--candidate",
        "สมชาย ใจดี",
        "--date",
        "2026-11-24",
        "--format",
        "pdf",
        "--no-system-fonts",
        "--out",
        out.to_str().unwrap(),
    ]);
    run.success();
    assert!(!run.stderr().contains("U+"), "{}", run.stderr());
    let pdf = out.join(&files_in(&out)[0]);
    assert!(tool("pdffonts", &pdf, &[]).contains("NotoSansThai"));
    assert!(text_of(&pdf).contains("สมชาย ใจดี"));
}
