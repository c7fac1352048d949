//! `scorecard schema`: JSON Schemas (draft 2020-12) of the spec and bank formats, generated
//! from the Rust types that parse them, so the schema editors see cannot drift from the parser.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::bank::{BankFile, TopicFile};
use crate::error::{Error, Result};
use crate::spec::SpecFile;

/// A file format with a JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchemaKind {
    /// An interview spec.
    Spec,
    /// A file of a bank folder: `bank.yaml` or a topic file.
    Bank,
    /// One interviewer's filled-in card (`scorecard-results/1`).
    Results,
}

/// Any YAML file of a bank folder: a topic file, or the folder's `bank.yaml`.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[expect(dead_code, reason = "only described for the schema, never built")]
enum BankFolderFile {
    Topic(TopicFile),
    Manifest(BankFile),
}

/// The schema of a file format as a JSON value.
pub(crate) fn schema(kind: SchemaKind) -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let (mut schema, title, description) = match kind {
        SchemaKind::Spec => (
            generator.into_root_schema_for::<SpecFile>(),
            "scorecard spec",
            "An interview spec for one role level (`scorecard generate SPEC`). Keys may come \
             from a base spec named by `extends`; after merging, `role`, `seniority` and \
             `duration` are required.",
        ),
        SchemaKind::Results => (
            generator.into_root_schema_for::<crate::results::Results>(),
            "scorecard results",
            "One interviewer's filled-in scorecard (`scorecard-results/1`): what the HTML's \
             \"Save results\" writes and `scorecard results` reads, with each question's prompt \
             and expected points so that it stands on its own.",
        ),
        SchemaKind::Bank => (
            generator.into_root_schema_for::<BankFolderFile>(),
            "scorecard bank file",
            "A file of a question bank folder: `bank.yaml` (name, title, version) or a topic \
             file (topic, title, questions).",
        ),
    };
    let object = schema.ensure_object();
    object.insert("title".into(), title.into());
    object.insert("description".into(), description.into());
    schema.to_value()
}

/// The schema as pretty-printed JSON with a trailing newline, as `scorecard schema` prints it.
pub(crate) fn render(kind: SchemaKind) -> Result<String> {
    let mut text = serde_json::to_string_pretty(&schema(kind))
        .map_err(|e| Error::internal(format!("could not write the schema: {e}")))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_draft_2020_12_and_closed() {
        for kind in [SchemaKind::Spec, SchemaKind::Bank] {
            let value = schema(kind);
            assert_eq!(
                value["$schema"],
                "https://json-schema.org/draft/2020-12/schema"
            );
            assert!(
                value["title"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("scorecard"))
            );
        }
        let spec = schema(SchemaKind::Spec);
        assert_eq!(spec["additionalProperties"], false);
        assert!(spec["properties"]["extends"].is_object());
        let bank = schema(SchemaKind::Bank);
        assert_eq!(bank["anyOf"].as_array().map(Vec::len), Some(2));
    }
}
