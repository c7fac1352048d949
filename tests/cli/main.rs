//! Integration tests: the real `scorecard` binary on real files, one module per feature.

mod authoring;
mod bank;
mod debrief;
mod form;
mod fuzz_seeds;
mod generate;
mod hostile;
mod html;
mod memory;
mod paper;
mod scripts;
mod selection;
mod support;
