//! The command line: raw arguments as clap parses them. `lib.rs` turns them into checked
//! values before anything else sees them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render::Format;
use crate::spec::{Layout, Paper, Seniority};

/// Balanced, time-boxed interview scorecards (PDF, HTML, JSON) from a YAML spec and a
/// question bank.
#[derive(Debug, Parser)]
#[command(
    name = "scorecard",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = "Start with a spec:\n  scorecard init --seniority senior > senior.yaml\n  \
                  scorecard preview senior.yaml\n  \
                  scorecard generate senior.yaml --candidate \"Ada Lovelace\"\n\n\
                  `scorecard help COMMAND` tells more about each command."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Pick the questions for one or more specs and write the scorecards.
    Generate(GenerateArgs),
    /// Show the picked questions and the balance as a table; writes nothing.
    Preview(PreviewArgs),
    /// Check a question bank, or show what it holds.
    #[command(subcommand)]
    Bank(BankCommand),
    /// Read filled-in scorecards back as results JSON, each checked against its card.
    ///
    /// Takes results files (what the HTML's "Save results" writes), filled PDFs, or folders of
    /// them. Prints the results (one object, or an array for several) or, with `--out`, writes
    /// `<card>-results.json` files into that folder.
    #[command(
        after_help = "Examples:\n  scorecard results out/2026-11-24-senior-python-engineer-ada-lovelace.pdf\n  \
                            scorecard results filled/ --out results/"
    )]
    Results {
        /// Results files, filled PDFs, or folders of them.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Write one results file per card into this folder instead of printing them.
        #[arg(long, short, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Put a panel's results side by side: one debrief per candidate, disagreements first.
    ///
    /// Takes results files (what the HTML's "Save results" writes), filled PDFs, or folders of
    /// them, for one or more candidates. Writes `<date>-<role>-<candidate>-debrief` as HTML, PDF
    /// and JSON: who handed in results and who has not, each interviewer's score per topic
    /// (the mean of their question scores there) with the panel average and a chart, the
    /// topics where two interviewers are two or more rubric levels apart, the recommendations
    /// with their reasons, and every question's score, points and notes. Candidates of the
    /// same edition also get `<role>-<edition>-comparison` files. Results of different
    /// editions for one candidate, or one card handed in twice, are errors.
    #[command(after_help = "Examples:\n  scorecard debrief results/\n  \
                            scorecard debrief grace.json alan.json ada.pdf --out debriefs/ --format html,pdf")]
    Debrief(DebriefArgs),
    /// List who was asked which questions, and when, from the ledger.
    ///
    /// Every `generate` records each card it writes in the ledger (ledger.jsonl in the output
    /// folder unless `--ledger` or the spec's `ledger` names another). With `--candidate`,
    /// only that candidate's cards: matched by `candidate_id` or, case-insensitively, by name.
    #[command(after_help = "Examples:\n  scorecard history\n  \
                            scorecard history --candidate \"Ada Lovelace\" --ledger team/ledger.jsonl")]
    History(HistoryArgs),
    /// Print the JSON Schema of the spec, bank or results file format, for editors and tools.
    ///
    /// The schema (JSON Schema draft 2020-12) is generated from the types that read the files,
    /// so it always matches this version of scorecard. Save it beside your specs and point
    /// your editor at it, e.g. with a first line such as
    /// `# yaml-language-server: $schema=spec.schema.json`.
    #[command(after_help = "Example:\n  scorecard schema spec > specs/spec.schema.json")]
    Schema {
        /// Which file format.
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Print a commented starter spec that works as it is.
    ///
    /// The spec lists every topic of the bundled bank and explains each key; edit it, or keep
    /// it as the base that per-level specs `extends`.
    #[command(after_help = "Example:\n  scorecard init --seniority staff > specs/staff.yaml")]
    Init {
        /// Seniority of the role; sets the default mix of question levels.
        #[arg(long, value_enum, default_value = "senior")]
        seniority: Seniority,
    },
    /// Print a shell completion script.
    ///
    /// Load it from your shell's start-up file, or save it where your shell looks for
    /// completions.
    #[command(after_help = "Examples:\n  \
                            bash: scorecard completions bash > ~/.local/share/bash-completion/completions/scorecard\n  \
                            zsh:  scorecard completions zsh > \"${fpath[1]}/_scorecard\"\n  \
                            fish: scorecard completions fish > ~/.config/fish/completions/scorecard.fish")]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Values shared by `generate` and `preview`.
#[derive(Debug, Args, Clone)]
pub struct SelectArgs {
    /// Seed deciding among the valid question sets (overrides the spec's `seed`).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Question bank folder (overrides the spec's `bank`).
    #[arg(long, value_name = "DIR")]
    pub bank: Option<PathBuf>,
    /// Candidate's name (overrides the spec's `candidate`).
    #[arg(long, value_name = "NAME")]
    pub candidate: Option<String>,
    /// Interview date, YYYY-MM-DD (overrides the spec's `date`; default today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Never pick what the ledger says this candidate was asked before (by the spec's
    /// `candidate_id`, else by name); only those questions are swapped.
    #[arg(long)]
    pub avoid_asked: bool,
    /// The ledger file (overrides the spec's `ledger`; default: ledger.jsonl in the output
    /// folder).
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
}

/// Fonts for characters the bundled ones lack, in the PDFs of `generate` and `debrief`.
#[derive(Debug, Args, Clone, Default)]
pub struct FontArgs {
    /// A font file (TrueType, OpenType or a collection) for characters the bundled DejaVu
    /// fonts lack, looked in before the machine's fonts; repeatable, first file first.
    #[arg(long = "font", value_name = "FILE")]
    pub fonts: Vec<PathBuf>,
    /// Do not look in the machine's installed fonts (for output that depends on the inputs
    /// and the given fonts only).
    #[arg(long)]
    pub no_system_fonts: bool,
    /// Fail when a character of the PDF has no font, instead of printing U+FFFD and warning.
    #[arg(long)]
    pub strict: bool,
}

impl FontArgs {
    /// The PDF renderer's font options.
    pub fn options(&self) -> crate::render::pdf::FontOptions {
        crate::render::pdf::FontOptions {
            files: self.fonts.clone(),
            no_system: self.no_system_fonts,
            strict: self.strict,
        }
    }
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Spec files, one per role level.
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Output folder, created if missing.
    #[arg(long, short, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(
        long,
        short,
        value_enum,
        value_delimiter = ',',
        default_value = "pdf,html,json"
    )]
    pub format: Vec<Format>,
    /// Paper size (overrides the spec's `paper`).
    #[arg(long, value_enum)]
    pub paper: Option<Paper>,
    /// Page layout (overrides the spec's `layout`): roomy gives each question a page, compact
    /// packs whole questions with a few evidence lines each.
    #[arg(long, value_enum)]
    pub layout: Option<Layout>,
    /// Folder of templates replacing the built-in ones (overrides the spec's `templates`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// A file with one candidate name per line (blank lines and `#` comments skipped): one
    /// edition per candidate and spec, all with the same questions.
    #[arg(long, value_name = "FILE", conflicts_with = "candidate")]
    pub candidates: Option<PathBuf>,
    /// Record nothing in the ledger.
    #[arg(long, conflicts_with = "ledger")]
    pub no_ledger: bool,
    /// Replace files that hold another candidate's or another edition's card.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub fonts: FontArgs,
}

#[derive(Debug, Args)]
pub struct DebriefArgs {
    /// Results files, filled PDFs, or folders of them.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output folder, created if missing.
    #[arg(long, short, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(
        long,
        short,
        value_enum,
        value_delimiter = ',',
        default_value = "html,pdf,json"
    )]
    pub format: Vec<Format>,
    /// Paper size of the PDF.
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: Paper,
    #[command(flatten)]
    pub fonts: FontArgs,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this candidate: a name (compared case-insensitively) or a `candidate_id`.
    #[arg(long, value_name = "NAME")]
    pub candidate: Option<String>,
    /// The ledger file.
    #[arg(long, value_name = "FILE", default_value = "out/ledger.jsonl")]
    pub ledger: PathBuf,
    /// Print the ledger's entries as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The spec file.
    #[arg(value_name = "SPEC")]
    pub spec: PathBuf,
    #[command(flatten)]
    pub select: SelectArgs,
}

#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// Check a bank and list every problem with its file, line and column.
    ///
    /// Reports everything in one run: YAML and schema errors, unknown levels, duplicate ids,
    /// questions with fewer than two expected points or minutes outside 1 to 60, topic files
    /// without `topic`, near-duplicate prompts (unless the questions share a `concept`), and,
    /// as warnings, topic and level cells too thin for the default seniority mixes. Exits
    /// non-zero when there is an error; warnings alone do not fail.
    #[command(after_help = "Example:\n  scorecard bank lint banks/python")]
    Lint {
        /// Bank folder (default: the bundled bank).
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Show questions and minutes per topic and level, to spot the gaps.
    ///
    /// Each cell reads questions/minutes; `!` marks a cell too thin for the default mixes.
    #[command(after_help = "Example:\n  scorecard bank stats banks/python --json")]
    Stats {
        /// Bank folder (default: the bundled bank).
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Add how often each question was asked, from this ledger, and list the most exposed.
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
    },
}

/// A file format with a JSON Schema.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SchemaKind {
    /// An interview spec.
    Spec,
    /// A file of a bank folder: `bank.yaml` or a topic file.
    Bank,
    /// One interviewer's filled-in card (`scorecard-results/1`).
    Results,
}
