//! The card renderer: its parts in order, laid out on pages with their footers, then written.

use super::blocks::Builder;
use super::compose::{Composer, total_height};
use super::footer::{add_footers, footer_line};
use super::layout::{Draw, Face, Fonts, Row, printable};
use super::notes::NoteLines;
use super::page::Page;
use super::style::Density;
use super::write_pdf;
use crate::edition::{Edition, Scorecard};
use crate::error::Result;
use crate::render::{Renderer, Warning};

/// Renders cards to PDF.
pub(crate) struct PdfRenderer {
    pub(super) fonts: &'static Fonts,
}

impl PdfRenderer {
    pub(crate) fn new() -> Result<PdfRenderer> {
        Ok(PdfRenderer {
            fonts: Fonts::get()?,
        })
    }
}

impl Renderer for PdfRenderer {
    fn render(
        &self,
        edition: &Edition,
        card: &Scorecard,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<u8>> {
        let before = warnings.len();
        let (page, pages) = self.lay_out(edition, card, warnings);
        // Asked to be strict, a character no font has stops the card before it is written.
        if self.fonts.strict()
            && let Some(missing) = warnings[before..]
                .iter()
                .find(|w| w.0.starts_with(super::layout::NO_GLYPH))
        {
            return Err(crate::error::Error::usage(missing.0.clone()));
        }
        write_pdf(self.fonts, edition, card, page, pages)
    }
}

impl PdfRenderer {
    /// Place everything of a card on pages, footers included. Separate from writing so the
    /// layout rules (margins, keep-together) can be checked directly.
    pub(super) fn lay_out(
        &self,
        edition: &Edition,
        card: &Scorecard,
        warnings: &mut Vec<Warning>,
    ) -> (Page, Vec<Vec<Draw>>) {
        let page = Page::of(edition.paper, edition.layout);
        let density = Density::of(edition.layout);
        let mut b = Builder {
            fonts: self.fonts,
            page,
            density,
            warnings,
        };
        let mut composer = Composer::new(page);
        composer.place(b.title_block(edition, card), true, None);
        if edition.has_panel() {
            composer.place(b.coverage_block(edition, card), true, None);
        }
        if density.compact {
            composer.place(b.rubric_legend(edition), true, None);
        }
        // The end: the candidate's questions (with a closing), general notes, then the
        // summary and the decision, each kept whole.
        let end = b.end_blocks(edition, card);
        // Each question is laid out once; only its number of evidence lines varies below.
        let blocks: Vec<Vec<Row>> = card
            .questions
            .iter()
            .map(|q| b.question_block(edition, q, 2))
            .collect();
        let notes = NoteLines {
            blocks: &blocks,
            page,
            density,
            end: end.first().map_or(0.0, |rows| total_height(rows)),
        };
        for (i, q) in card.questions.iter().enumerate() {
            let rows = notes.fitted(i, composer.remaining());
            let continued = b.continued_row(q);
            composer.place(rows, true, Some(continued));
        }
        for rows in end {
            composer.place(rows, true, None);
        }
        let mut pages = composer.finish();
        let footer = footer_line(edition, card);
        let footer = printable(self.fonts, Face::Regular, &footer, "the footer", b.warnings);
        add_footers(self.fonts, page, &mut pages, &footer, &edition.fingerprint);
        (page, pages)
    }
}
