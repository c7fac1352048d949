//! The question bank's topic data, as the scorecard tool and its build script both read it:
//! the values of a topic file with their positions ([`TopicData`]), the fast reader of the
//! plain YAML topic files are written in ([`read`]), and the shapes the bundled bank is
//! compiled into ([`embedded`]).

mod data;
pub mod embedded;
mod fast;

pub use data::{At, Level, QuestionData, TopicData};
pub use fast::read;
