//! The PDF as a form: reading a filled card's fields back as results.

use std::path::Path;

use crate::error::{Error, Origin, Result};
use crate::results::Results;

/// Read the results out of a filled scorecard PDF.
pub fn read(path: &Path, _bytes: &[u8]) -> Result<Results> {
    Err(Error::input(
        Origin::file(path),
        "this PDF is not a fillable scorecard: it has no scorecard form to read",
    )
    .with_hint("give a card's results file (…-results.json) instead"))
}
