//! Turning an [`Edition`] into files: naming them safely, rendering each format, and writing
//! them atomically so that no run leaves a half-written scorecard behind.

pub(crate) mod existing;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod markup;
pub(crate) mod pdf;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::edition::{Edition, Scorecard};
use crate::error::{Error, Result};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Pdf,
    Html,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

/// A file rendered in memory, ready to be written.
#[derive(Debug)]
pub struct Output {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Something the user should know about an otherwise successful render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning(pub String);

/// A renderer of one interviewer's card (PDF, HTML).
pub(crate) trait Renderer {
    fn render(
        &self,
        edition: &Edition,
        card: &Scorecard,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<u8>>;
}

/// A card's one-line title: role, candidate and interviewer.
pub(crate) fn card_title(edition: &Edition, card: &Scorecard) -> String {
    let mut parts = vec![edition.role.as_str()];
    parts.extend(edition.candidate.as_deref());
    parts.extend(card.interviewer.as_deref());
    parts.join(" · ")
}

/// The file name stem of an edition: date, role, candidate.
pub(crate) fn edition_stem(edition: &Edition) -> String {
    let mut parts = vec![edition.date.clone(), slug(&edition.role)];
    if let Some(candidate) = &edition.candidate {
        parts.push(slug(candidate));
    }
    parts.join("-")
}

/// The file name stem of one card: the edition's stem plus the interviewer.
pub(crate) fn card_stem(edition: &Edition, card: &Scorecard) -> String {
    match &card.interviewer {
        Some(name) => format!("{}-{}", edition_stem(edition), slug(name)),
        None => edition_stem(edition),
    }
}

/// Longest slug part, in bytes, so a full name stays far below file-system limits.
const MAX_SLUG_BYTES: usize = 48;

/// A lowercase, dash-separated name that is safe as part of a file name on any system:
/// letters and digits only (accented Latin folded to ASCII, other scripts kept with their
/// combining marks), no dots, slashes, spaces or control characters.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    // Whether the last character kept is a letter of another script than Latin, whose
    // combining marks (a Devanagari virama, say) belong to it.
    let mut after_script_letter = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = fold_latin(c);
        let piece: &str;
        let mut buf = [0u8; 4];
        if c.is_ascii_alphanumeric() {
            piece = c.encode_utf8(&mut buf);
            after_script_letter = false;
        } else if let Some(ascii) = folded {
            piece = ascii;
            after_script_letter = false;
        } else if c.is_alphanumeric()
            || (after_script_letter && !dash && unicode_normalization::char::is_combining_mark(c))
        {
            piece = c.encode_utf8(&mut buf);
            after_script_letter = true;
        } else {
            dash = !out.is_empty();
            continue;
        }
        if dash {
            if out.len() + 1 + piece.len() > MAX_SLUG_BYTES {
                break;
            }
            out.push('-');
            dash = false;
        }
        if out.len() + piece.len() > MAX_SLUG_BYTES {
            break;
        }
        out.push_str(piece);
    }
    if out.is_empty() {
        "unnamed".to_owned()
    } else {
        out
    }
}

/// ASCII for common accented Latin letters (lowercase), so "Zoë Ångström" becomes "zoe-angstrom".
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// The renderers for a set of formats, built once and shared by every card of a run.
pub(crate) struct Renderers {
    pdf: Option<pdf::PdfRenderer>,
    html: Option<Html>,
    json: bool,
}

/// The HTML renderer: the built-in one, compiled once per process when the first page needs
/// it (or ahead of time by [`html::warm_up`]), so other files need not wait for it; or one
/// for a user's templates.
enum Html {
    Builtin,
    Custom(Box<html::HtmlRenderer>),
}

impl Html {
    fn get(&self) -> Result<&html::HtmlRenderer> {
        match self {
            Html::Builtin => html::builtin(),
            Html::Custom(renderer) => Ok(renderer),
        }
    }
}

impl Renderers {
    /// Prepare the renderers `formats` need (fonts and templates are loaded only for the
    /// formats asked for).
    pub(crate) fn new(formats: &[Format], templates: Option<&Path>) -> Result<Renderers> {
        Ok(Renderers {
            pdf: if formats.contains(&Format::Pdf) {
                Some(pdf::PdfRenderer::new()?)
            } else {
                None
            },
            html: match (formats.contains(&Format::Html), templates) {
                (false, _) => None,
                (true, None) => Some(Html::Builtin),
                (true, Some(dir)) => {
                    Some(Html::Custom(Box::new(html::HtmlRenderer::new(Some(dir))?)))
                }
            },
            json: formats.contains(&Format::Json),
        })
    }

    /// The pieces of work an edition needs, in output order: its JSON export, then each card
    /// as PDF, then each card as HTML. Each piece can be rendered on its own thread.
    pub(crate) fn pieces(&self, edition: &Edition) -> Vec<Piece> {
        let mut pieces = Vec::new();
        if self.json {
            pieces.push(Piece::Json);
        }
        for (format, on) in [
            (Format::Pdf, self.pdf.is_some()),
            (Format::Html, self.html.is_some()),
        ] {
            if on {
                pieces
                    .extend((0..edition.scorecards.len()).map(|card| Piece::Card { format, card }));
            }
        }
        pieces
    }

    /// The file name of one piece of an edition.
    pub(crate) fn file_name(edition: &Edition, piece: Piece) -> String {
        match piece {
            Piece::Json => format!("{}.json", edition_stem(edition)),
            Piece::Card { format, card } => format!(
                "{}.{}",
                card_stem(edition, &edition.scorecards[card]),
                format.extension()
            ),
        }
    }

    /// Render one piece of an edition.
    pub(crate) fn render_piece(
        &self,
        edition: &Edition,
        piece: Piece,
        warnings: &mut Vec<Warning>,
    ) -> Result<Output> {
        let (format, card) = match piece {
            Piece::Json => {
                return Ok(Output {
                    file_name: Self::file_name(edition, piece),
                    bytes: json::render(edition)?,
                });
            }
            Piece::Card { format, card } => (format, &edition.scorecards[card]),
        };
        let renderer: Option<&dyn Renderer> = match format {
            Format::Pdf => self.pdf.as_ref().map(|r| r as &dyn Renderer),
            Format::Html => match &self.html {
                Some(html) => Some(html.get()? as &dyn Renderer),
                None => None,
            },
            Format::Json => None,
        };
        let renderer = renderer
            .ok_or_else(|| Error::internal(format!("no {format:?} renderer was prepared")))?;
        let bytes = renderer.render(edition, card, warnings)?;
        Ok(Output {
            file_name: Self::file_name(edition, piece),
            bytes,
        })
    }

    /// Render an edition in memory: its JSON export, then each card as PDF and HTML.
    pub(crate) fn render(
        &self,
        edition: &Edition,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<Output>> {
        self.pieces(edition)
            .into_iter()
            .map(|piece| self.render_piece(edition, piece, warnings))
            .collect()
    }
}

/// One file's worth of rendering work for an edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece {
    Json,
    Card { format: Format, card: usize },
}

/// The files of one run on their way into a folder. Every file goes to a temporary file
/// first, written as soon as it is rendered; only when all are complete are they
/// renamed into place, so a full disk or a failure part-way leaves no new or half-written
/// card. A staged file that is dropped uncommitted is deleted.
pub(crate) struct Staging {
    dir: PathBuf,
    created: bool,
}

/// One file written to its temporary name, and the name it will have.
pub(crate) struct Staged {
    tmp: tempfile::TempPath,
    target: PathBuf,
}

impl Staging {
    /// Check that no two files share a name and create the folder.
    pub(crate) fn new(dir: &Path, names: &[&str]) -> Result<Staging> {
        // Two cards whose names reduce to the same slug would overwrite each other; refuse
        // before writing anything rather than lose one.
        let mut seen = std::collections::BTreeSet::new();
        for name in names {
            if !seen.insert(*name) {
                return Err(Error::usage(format!(
                    "two scorecards would be written to the same file, {}",
                    dir.join(name).display()
                ))
                .with_hint(
                    "file names keep letters and digits only, and at most 48 bytes of each name; \
                     make the roles, candidates or interviewers differ there",
                ));
            }
        }
        let created = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::io(format!("creating output folder {}", dir.display()), e)
                .with_hint("`--out` must name a folder (it is created if missing)")
        })?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            created,
        })
    }

    /// Write one file under a temporary name beside its target. Safe to call from several
    /// threads at once.
    pub(crate) fn stage(&self, output: &Output) -> Result<Staged> {
        let target = self.dir.join(&output.file_name);
        let context = || format!("writing {}", target.display());
        let mut builder = tempfile::Builder::new();
        builder.prefix(".scorecard-").suffix(".tmp");
        // Temporary files are private by default; a scorecard is an ordinary document.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let mut tmp = builder
            .tempfile_in(&self.dir)
            .map_err(|e| Error::io(context(), e))?;
        tmp.write_all(&output.bytes)
            .map_err(|e| Error::io(context(), e))?;
        // Not flushed to disk (fsync): that waits for the device, longer than rendering a
        // card takes, and guards only against a power cut in the seconds after a run, whose
        // cards can be made again exactly. The rename keeps readers from ever seeing part of
        // a file. Closed at once, so a batch of thousands never holds thousands of open files.
        Ok(Staged {
            tmp: tmp.into_temp_path(),
            target,
        })
    }

    /// Rename every staged file into place.
    pub(crate) fn commit(self, staged: Vec<Staged>) -> Result<Vec<PathBuf>> {
        if let Some(s) = staged.iter().find(|s| s.target.is_dir()) {
            let error = Error::io(
                format!("writing {}", s.target.display()),
                std::io::Error::new(std::io::ErrorKind::IsADirectory, "a folder has this name"),
            )
            .with_hint("move the folder away, or choose another `--out`");
            drop(staged);
            self.abandon();
            return Err(error);
        }
        let mut written = Vec::new();
        for Staged { tmp, target } in staged {
            tmp.persist(&target)
                .map_err(|e| Error::io(format!("writing {}", target.display()), e.error))?;
            written.push(target);
        }
        Ok(written)
    }

    /// Give up: the folder goes again if this run created it and nothing else is in it
    /// (staged files are deleted as they are dropped, before this is called).
    pub(crate) fn abandon(self) {
        if self.created {
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_name_parts() {
        assert_eq!(slug("Senior Python Engineer"), "senior-python-engineer");
        assert_eq!(slug("Zoë Ångström-Müller"), "zoe-angstrom-muller");
        assert_eq!(slug("Дмитрий Ковалёв"), "дмитрий-ковалёв");
        // The virama joins श and म: a Devanagari name keeps its marks.
        assert_eq!(slug("अनीता शर्मा"), "अनीता-शर्मा");
        assert_eq!(slug("สมชาย ใจดี"), "สมชาย-ใจดี");
        // A mark with nothing of its script before it is not kept.
        assert_eq!(slug("a\u{301} \u{94d}x"), "a-x");
        assert_eq!(slug("../../x"), "x");
        assert_eq!(slug("CON"), "con");
        assert_eq!(slug("a/b\\c:d*e?f\"g<h>i|j"), "a-b-c-d-e-f-g-h-i-j");
        assert_eq!(slug("   "), "unnamed");
        assert_eq!(slug("\u{0}\u{1f}"), "unnamed");
        assert!(slug(&"é".repeat(500)).len() <= MAX_SLUG_BYTES);
        assert!(slug(&"я".repeat(500)).len() <= MAX_SLUG_BYTES);
    }
}
