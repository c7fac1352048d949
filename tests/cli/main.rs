//! Integration tests: the real `scorecard` binary on real files, one module per feature.

mod generate;
mod selection;
mod support;
