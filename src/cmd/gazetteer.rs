//! `vigie gazetteer lookup|import|download|eval|places`.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigie_geo::Gazetteer;

#[derive(clap::Args)]
pub struct Args {
    /// User gazetteer directory (default: $VIGIE_GAZETTEER, $VIGIE_HOME/gazetteer,
    /// $XDG_DATA_HOME/vigie/gazetteer or ~/.local/share/vigie/gazetteer)
    #[arg(long, global = true)]
    gazetteer: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Print the entries named NAME, best first
    Lookup {
        name: String,
        /// Keep only this country (ISO 3166 alpha-2)
        #[arg(long)]
        country: Option<String>,
        /// One JSON object a line
        #[arg(long)]
        json: bool,
        /// At most this many entries
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Import GeoNames dumps (ML.txt, allCountries.txt, alternateNamesV2.txt,
    /// admin1CodesASCII.txt, admin2Codes.txt) into the user gazetteer
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Download GeoNames country dumps (e.g. ML BF NE) and import them
    Download {
        #[arg(required = true)]
        countries: Vec<String>,
        /// Where the dumps are served
        #[arg(long, default_value = vigie_geo::DEFAULT_BASE_URL)]
        base_url: String,
    },
    /// Print the place mentions of a text file (or - for stdin) as JSON Lines
    Places { file: PathBuf },
    /// Measure event locations on ACLED notes: share within 25 km and with
    /// the right admin1
    Eval {
        docs: PathBuf,
        gold: PathBuf,
        /// Print this many misses
        #[arg(long, default_value_t = 0)]
        show_misses: usize,
    },
}

fn user_dir(arg: &Option<PathBuf>) -> Result<PathBuf> {
    arg.clone()
        .or_else(vigie_geo::user::default_dir)
        .context("no user gazetteer directory: pass --gazetteer or set VIGIE_HOME")
}

fn load(arg: &Option<PathBuf>) -> Result<Gazetteer> {
    let t = std::time::Instant::now();
    let g = match arg {
        Some(d) => Gazetteer::with_user_dir(d)?,
        None => Gazetteer::bundled()?,
    };
    if std::env::var_os("VIGIE_TIMING").is_some() {
        eprintln!("gazetteer: {} entries loaded in {:?}", g.len(), t.elapsed());
    }
    Ok(g)
}

pub fn run(args: Args) -> Result<ExitCode> {
    let out = std::io::stdout();
    let mut out = out.lock();
    match &args.command {
        Command::Lookup {
            name,
            country,
            json,
            limit,
        } => {
            let g = load(&args.gazetteer)?;
            let cands = g.lookup(name, country.as_deref());
            for c in cands.iter().take(*limit) {
                if *json {
                    writeln!(out, "{}", serde_json::to_string(c)?)?;
                } else {
                    writeln!(
                        out,
                        "{:<24} {:>9.4} {:>9.4}  {}  {:<16} {:<20} {:<6} {:>9}  {:.2}",
                        c.name,
                        c.latitude,
                        c.longitude,
                        c.country,
                        c.admin1.as_deref().unwrap_or("-"),
                        c.admin2.as_deref().unwrap_or("-"),
                        c.feature_code,
                        c.population,
                        c.score
                    )?;
                }
            }
            Ok(if cands.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Import { files } => {
            let dir = user_dir(&args.gazetteer)?;
            let r = vigie_geo::import(&dir, files)?;
            eprintln!(
                "imported {} places, {} alternate names, {} admin1 and {} admin2 codes into {} ({} places)",
                r.places,
                r.alternate_names,
                r.admin1,
                r.admin2,
                dir.display(),
                r.total_places
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Download {
            countries,
            base_url,
        } => {
            let dir = user_dir(&args.gazetteer)?;
            let dl = dir.join("downloads");
            let files = vigie_geo::download(countries, base_url, &dl)?;
            let r = vigie_geo::import(&dir, &files)?;
            eprintln!(
                "downloaded {} files; imported {} places into {}",
                files.len(),
                r.places,
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Places { file } => {
            let g = load(&args.gazetteer)?;
            let text = if file.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())?
            } else {
                std::fs::read_to_string(file).with_context(|| file.display().to_string())?
            };
            let a = vigie_text::analyse(&text, None);
            let p = g.places(&text, &a);
            for m in &p.mentions {
                writeln!(out, "{}", serde_json::to_string(m)?)?;
            }
            let all: Vec<_> = a.sentences.iter().map(|s| s.tokens.clone()).collect();
            if let Some((loc, _)) = p.event_location(&all, None) {
                writeln!(out, "{}", serde_json::json!({ "event_location": loc }))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            docs,
            gold,
            show_misses,
        } => eval(&args.gazetteer, docs, gold, *show_misses, &mut out),
    }
}

fn eval(
    gz: &Option<PathBuf>,
    docs: &Path,
    gold: &Path,
    show: usize,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let g = load(gz)?;
    let r = vigie_geo::eval::evaluate(&g, docs, gold)?;
    writeln!(out, "notes: {}", r.notes)?;
    writeln!(
        out,
        "location found: {} ({:.1}%)",
        r.found,
        r.share(r.found)
    )?;
    writeln!(
        out,
        "within 25 km: {} ({:.1}% of notes, {:.1}% of located)",
        r.within_25km,
        r.share(r.within_25km),
        100.0 * r.within_25km as f64 / r.found.max(1) as f64
    )?;
    writeln!(
        out,
        "admin1 right: {} ({:.1}% of notes, {:.1}% of located)",
        r.admin1_right,
        r.share(r.admin1_right),
        100.0 * r.admin1_right as f64 / r.found.max(1) as f64
    )?;
    writeln!(
        out,
        "country right: {} ({:.1}%)",
        r.country_right,
        r.share(r.country_right)
    )?;
    writeln!(
        out,
        "notes naming their location: {} ({:.1}%); within 25 km {:.1}%, admin1 right {:.1}%",
        r.named,
        r.share(r.named),
        r.named_share(r.named_within_25km),
        r.named_share(r.named_admin1_right)
    )?;
    writeln!(out, "time: {:.3} s for {} bytes", r.seconds, r.bytes)?;
    for m in r.misses.iter().take(show) {
        writeln!(out, "{m}")?;
    }
    Ok(ExitCode::SUCCESS)
}
