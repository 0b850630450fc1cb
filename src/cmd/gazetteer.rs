//! `vigie gazetteer lookup|import|download|eval|places`.

use anyhow::{Context, Result};
use std::io::{BufRead, Write};
use std::path::PathBuf;
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

fn fold(s: &str) -> String {
    vigie_geo::name_key(s)
}

fn eval(
    gz: &Option<PathBuf>,
    docs: &PathBuf,
    gold: &PathBuf,
    show: usize,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let g = load(gz)?;
    let read = |p: &PathBuf| -> Result<Vec<serde_json::Value>> {
        let f = std::fs::File::open(p).with_context(|| p.display().to_string())?;
        std::io::BufReader::new(f)
            .lines()
            .filter(|l| l.as_ref().map(|l| !l.trim().is_empty()).unwrap_or(true))
            .map(|l| Ok(serde_json::from_str(&l?)?))
            .collect()
    };
    let docs = read(docs)?;
    let gold: std::collections::HashMap<String, serde_json::Value> = read(gold)?
        .into_iter()
        .filter_map(|v| Some((v.get("id")?.as_str()?.to_string(), v)))
        .collect();
    let (mut n, mut found, mut within, mut admin1, mut country) = (0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    let t = std::time::Instant::now();
    let mut bytes = 0;
    for d in &docs {
        let (Some(id), Some(text)) = (d["id"].as_str(), d["text"].as_str()) else {
            continue;
        };
        let Some(gl) = gold.get(id) else { continue };
        n += 1;
        bytes += text.len();
        let a = vigie_text::analyse(text, Some(vigie_model::Lang::En));
        let p = g.places(text, &a);
        let all: Vec<_> = a.sentences.iter().map(|s| s.tokens.clone()).collect();
        let loc = p.event_location(&all, None);
        let (glat, glon) = (gl["latitude"].as_f64(), gl["longitude"].as_f64());
        let ga1 = gl["admin1"].as_str().unwrap_or("");
        let mut ok = false;
        if let Some((l, _)) = &loc {
            found += 1;
            if let (Some(a), Some(b), Some(c), Some(d)) = (glat, glon, l.latitude, l.longitude) {
                if vigie_geo::distance_km(a, b, c, d) <= 25.0 {
                    within += 1;
                    ok = true;
                }
            }
            if fold(l.admin1.as_deref().unwrap_or("")) == fold(ga1) {
                admin1 += 1;
            }
            if fold(l.country.as_deref().unwrap_or(""))
                == fold(gl["country"].as_str().unwrap_or(""))
            {
                country += 1;
            }
        }
        if !ok && misses.len() < show {
            misses.push(serde_json::json!({
                "id": id,
                "text": text,
                "gold": format!("{} ({}, {}) {:?},{:?} gp{}", gl["location"].as_str().unwrap_or(""), ga1,
                    gl["admin2"].as_str().unwrap_or(""), glat, glon, gl["geo_precision"]),
                "pred": loc.as_ref().map(|(l, _)| format!("{} ({}, {}) {:?},{:?} gp{:?} [{}]",
                    l.name.as_deref().unwrap_or(""), l.admin1.as_deref().unwrap_or(""),
                    l.admin2.as_deref().unwrap_or(""), l.latitude, l.longitude, l.geo_precision,
                    l.mention.as_deref().unwrap_or(""))),
            }));
        }
    }
    let pct = |k: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * k as f64 / n as f64
        }
    };
    writeln!(out, "notes: {n}")?;
    writeln!(out, "location found: {found} ({:.1}%)", pct(found))?;
    writeln!(out, "within 25 km: {within} ({:.1}%)", pct(within))?;
    writeln!(out, "admin1 right: {admin1} ({:.1}%)", pct(admin1))?;
    writeln!(out, "country right: {country} ({:.1}%)", pct(country))?;
    writeln!(out, "time: {:?} for {} bytes", t.elapsed(), bytes)?;
    for m in misses {
        writeln!(out, "{m}")?;
    }
    Ok(ExitCode::SUCCESS)
}
