//! Embeds the bundled bank (`banks/python`) so the binary works from any folder.

use std::fmt::Write as _;
use std::path::Path;

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
        "/// The bundled bank's files: (file name, text).\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        println!("cargo::rerun-if-changed={}", dir.join(name).display());
        let path = std::fs::canonicalize(dir.join(name)).expect("bank file exists");
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("bundled_bank.rs"), out)
        .expect("write bundled_bank.rs");
}
