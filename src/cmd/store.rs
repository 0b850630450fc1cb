use std::process::ExitCode;

#[derive(clap::Args)]
pub struct IngestArgs {}
#[derive(clap::Args)]
pub struct RecodeArgs {}
#[derive(clap::Args)]
pub struct EventsArgs {}

pub fn ingest(_a: IngestArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`vigie ingest` is not built yet")
}
pub fn recode(_a: RecodeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`vigie recode` is not built yet")
}
pub fn events(_a: EventsArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`vigie events` is not built yet")
}
