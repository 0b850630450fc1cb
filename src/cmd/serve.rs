use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ServeArgs {}
#[derive(clap::Args)]
pub struct DemoArgs {}

pub fn serve(_a: ServeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`vigie serve` is not built yet")
}
pub fn demo(_a: DemoArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`vigie demo` is not built yet")
}
