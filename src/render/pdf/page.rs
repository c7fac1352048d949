//! Page geometry: the paper's size and the margins of each layout, in points.

use crate::spec::{Layout, Paper};

#[derive(Debug, Clone, Copy)]
pub(super) struct Page {
    pub(super) width: f32,
    pub(super) height: f32,
    pub(super) left: f32,
    pub(super) right: f32,
    pub(super) top: f32,
    pub(super) bottom: f32,
}

impl Page {
    /// The page of a layout: compact uses narrower margins.
    pub(super) fn of(paper: Paper, layout: Layout) -> Page {
        let page = Page::new(paper);
        match layout {
            Layout::Roomy => page,
            Layout::Compact => Page {
                left: 36.0,
                right: 36.0,
                top: 36.0,
                bottom: 50.0,
                ..page
            },
        }
    }

    pub(super) fn new(paper: Paper) -> Page {
        let (width, height) = match paper {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        };
        Page {
            width,
            height,
            left: 50.0,
            right: 50.0,
            top: 48.0,
            bottom: 58.0,
        }
    }

    pub(super) fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    pub(super) fn content_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}
