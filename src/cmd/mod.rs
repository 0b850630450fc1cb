//! One module per subcommand (or family of subcommands).

pub mod docs;
pub mod extract;
pub mod gazetteer;
pub mod queue;
pub mod serve;
pub mod store;
