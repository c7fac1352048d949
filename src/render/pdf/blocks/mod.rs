//! The blocks of a card (its header, the panel's coverage, each question, the rubric, the
//! end), built as rows for the composer, and the pieces they share: text, labels, headings
//! and table rows.

mod answers;
mod coverage;
mod end;
mod header;
mod question;
mod rubric;

use super::layout::{ACCENT, Draw, Face, Fonts, RULE, Rgb, Row, Style, Styled, merge, wrap_text};
use super::page::Page;
use super::style::{Density, LABEL};
use crate::render::Warning;

/// Builds the rows of each part of a card.
pub(crate) struct Builder<'a> {
    pub(crate) fonts: &'static Fonts,
    pub(crate) page: Page,
    pub(crate) density: Density,
    pub(crate) warnings: &'a mut Vec<Warning>,
}

impl Builder<'_> {
    pub(crate) fn text(&mut self, text: &str, style: Style, width: f32, context: &str) -> Vec<Row> {
        wrap_text(self.fonts, text, style, width, context, self.warnings)
    }

    pub(crate) fn label(&mut self, text: &str, color: Rgb) -> Row {
        let mut rows = self.text(
            text,
            Style { color, ..LABEL },
            self.page.content_width(),
            "a label",
        );
        let mut row = rows.pop().unwrap_or_default();
        row.keep_with_next = true;
        row
    }

    pub(crate) fn heading(&mut self, text: &str) -> Row {
        let w = self.page.content_width();
        let mut rows = self.text(
            text,
            Style {
                face: Face::Bold,
                size: 12.5,
                leading: 18.0,
                color: ACCENT,
            },
            w,
            "a heading",
        );
        let mut row = merge(std::mem::take(&mut rows));
        row.height += 2.0;
        row.keep_with_next = true;
        row
    }

    /// A table row: the first column `first` wide, the others `col` wide, with borders.
    pub(crate) fn table_row(
        &mut self,
        cells: Vec<Vec<Row>>,
        first: f32,
        col: f32,
        fill: Option<Rgb>,
    ) -> Row {
        let pad = if self.density.compact { 2.5 } else { 4.0 };
        let merged: Vec<Row> = cells.into_iter().map(merge).collect();
        let height = merged.iter().map(|c| c.height).fold(0.0, f32::max) + 2.0 * pad;
        let mut row = Row {
            height,
            draws: Vec::new(),
            keep_with_next: false,
        };
        let mut x = 0.0;
        for (i, mut cell) in merged.into_iter().enumerate() {
            let cw = if i == 0 { first } else { col };
            row.draws.push(Draw::Rect {
                x,
                y: 0.0,
                w: cw,
                h: height,
                fill,
                stroke: Some((RULE, 0.6)),
            });
            cell.shift(x + pad, pad);
            row.draws.extend(cell.draws);
            x += cw;
        }
        row
    }
}

pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text`, shortened with an ellipsis when it is wider than `room` at `size`.
pub(crate) fn shorten(font: Styled<'_>, text: String, size: f32, room: f32) -> String {
    if font.width(&text, size) <= room {
        return text;
    }
    let mut text = text;
    while !text.is_empty() && font.width(&format!("{text}…"), size) > room {
        text.pop();
    }
    format!("{}…", text.trim_end())
}
