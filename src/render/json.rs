//! The JSON export: the edition as it is, for scripts and applicant-tracking systems.

use crate::edition::Edition;
use crate::error::{Error, Result};

/// Pretty-printed JSON with a trailing newline; field order is fixed by the types.
pub(crate) fn render(edition: &Edition) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(edition)
        .map_err(|e| Error::internal(format!("could not write the JSON export: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}
