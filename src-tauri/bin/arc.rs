//! `arc`: the headless tool over the Healing Arc library.
//!
//! `arc replay SCENARIO.json [--json]` runs a scenario through the model and prints
//! what the app would show each day. A bad file is an error naming the JSON path of
//! the problem, with exit code 2.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use healing_arc::model::{self, Scenario, ScenarioError, MAX_SCENARIO_BYTES};

#[derive(Parser)]
#[command(name = "arc", version, about = "Headless tools for Healing Arc")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Replay a scenario file and print each day's phases, readiness and patterns.
    Replay {
        /// The scenario (JSON; see MODEL.md "Scenarios").
        scenario: PathBuf,
        /// Print the exact JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// Exit code for a scenario that cannot be read or does not follow the rules.
const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Replay { scenario, json } => match run_replay(&scenario, json) {
            Ok(out) => {
                // A closed pipe (e.g. `| head`) is not an error worth a message.
                let _ = io::stdout().lock().write_all(out.as_bytes());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("arc: {}: {e}", scenario.display());
                ExitCode::from(BAD_INPUT)
            }
        },
    }
}

fn run_replay(path: &Path, json: bool) -> Result<String, ScenarioError> {
    let text = read_capped(path)?;
    let scenario = Scenario::parse(&text)?;
    let replay = model::replay(&scenario)?;
    Ok(if json {
        replay.to_json()
    } else {
        replay.to_table()
    })
}

/// Reads the file, refusing one over the size cap before reading it.
fn read_capped(path: &Path) -> Result<String, ScenarioError> {
    let io_error = |e: io::Error| ScenarioError::new(".", format!("cannot read the file: {e}"));
    let file = File::open(path).map_err(io_error)?;
    model::check_size(file.metadata().map_err(io_error)?.len())?;
    // The length can change under us (or lie, for special files): read one byte past
    // the cap at most.
    let mut bytes = Vec::new();
    file.take(MAX_SCENARIO_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    model::check_size(bytes.len() as u64)?;
    String::from_utf8(bytes).map_err(|_| ScenarioError::new(".", "the file is not UTF-8 text"))
}
