//! Integration tests: the real `scorecard` binary on real files, one module per feature.

// Test modules share helpers with `pub`; the lint is for the library.
#![allow(unreachable_pub)]

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
