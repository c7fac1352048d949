//! Pagination: stacking rows onto pages, whole blocks where they fit and flowing ones where
//! they do not.

use super::layout::{Draw, Row};
use super::page::Page;

/// The height of a run of rows.
pub(super) fn total_height(rows: &[Row]) -> f32 {
    rows.iter().map(|r| r.height).sum()
}

/// Stacks rows onto pages, honouring keep-together blocks and keep-with-next rows.
pub(super) struct Composer {
    pub(super) page: Page,
    pub(super) pages: Vec<Vec<Draw>>,
    pub(super) y: f32,
}

impl Composer {
    pub(super) fn new(page: Page) -> Composer {
        Composer {
            page,
            pages: vec![Vec::new()],
            y: page.top,
        }
    }

    pub(super) fn remaining(&self) -> f32 {
        self.page.height - self.page.bottom - self.y
    }

    pub(super) fn at_top(&self) -> bool {
        self.y <= self.page.top
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.page.top;
    }

    pub(super) fn put(&mut self, mut row: Row) {
        row.shift(self.page.left, self.y);
        self.y += row.height;
        if let Some(page) = self.pages.last_mut() {
            page.extend(row.draws);
        }
    }

    /// Place a block: whole on this page, else whole on the next, else flowing row by row
    /// (groups joined by `keep_with_next` stay together), with `continued` atop each new page.
    pub(super) fn place(&mut self, rows: Vec<Row>, keep: bool, continued: Option<Row>) {
        let total = total_height(&rows);
        // Trailing spacing may hang off the page bottom.
        let trailing = rows
            .last()
            .filter(|r| r.draws.is_empty())
            .map_or(0.0, |r| r.height);
        if keep && total - trailing <= self.remaining() {
            rows.into_iter().for_each(|r| self.put(r));
            return;
        }
        if keep && total - trailing <= self.page.content_height() {
            self.new_page();
            rows.into_iter().for_each(|r| self.put(r));
            return;
        }
        let mut i = 0;
        let mut started = false;
        while i < rows.len() {
            let mut j = i;
            while j + 1 < rows.len() && rows[j].keep_with_next {
                j += 1;
            }
            let group: f32 = rows[i..=j].iter().map(|r| r.height).sum();
            if group > self.remaining() && !self.at_top() {
                self.new_page();
                if started && let Some(c) = &continued {
                    self.put(c.clone());
                }
            }
            for row in &rows[i..=j] {
                if row.height > self.remaining() && !self.at_top() {
                    self.new_page();
                    if let Some(c) = &continued {
                        self.put(c.clone());
                    }
                }
                self.put(row.clone());
            }
            started = true;
            i = j + 1;
        }
    }

    pub(super) fn finish(self) -> Vec<Vec<Draw>> {
        self.pages
    }
}
