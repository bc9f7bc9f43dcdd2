//! The command line: `bench run [--quick] [--runs N] [--out DIR] [--dist DIR] [--peer DIR]`
//! and `bench size [--dist DIR]`.

use std::path::PathBuf;

use anyhow::{Result, bail};

pub const USAGE: &str = "\
Usage: bench run [--quick] [--runs N] [--out DIR] [--dist DIR] [--peer DIR]
       bench size [--dist DIR]

run    measures the built app in headless Chromium and writes bench-report.json and
       bench-report.md into DIR (default: $CARGO_TARGET_DIR/bench, else target/bench)
       --quick   2 runs, a shorter search and 1 run at 50,000 tasks, to prove it works
       --runs N  runs per measurement (default 5, at least 1; at 50,000 tasks too unless
                 --quick)
       --peer DIR  the React peer's build measured beside it (default:
                 $CITY_TASKS_PEER_SITE, else /work/shared/peer-react/site; reported missing
                 when there is none)
size   checks dist/ against the size budgets; fails when over
--dist DIR  the built app (default: $CITY_TASKS_DIST, else dist/)
";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Run {
        quick: bool,
        runs: usize,
        out: Option<PathBuf>,
        dist: Option<PathBuf>,
        peer: Option<PathBuf>,
    },
    Size {
        dist: Option<PathBuf>,
    },
}

pub const DEFAULT_RUNS: usize = 5;
pub const QUICK_RUNS: usize = 2;

pub fn parse(args: &[String]) -> Result<Command> {
    let Some((command, rest)) = args.split_first() else {
        bail!("no command\n\n{USAGE}");
    };
    let mut quick = false;
    let mut runs = None;
    let mut out = None;
    let mut dist = None;
    let mut peer = None;
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| match rest.next() {
            Some(v) => Ok(v.clone()),
            None => bail!("`{name}` needs a value"),
        };
        match arg.as_str() {
            "--quick" => quick = true,
            "--runs" => {
                let text = value("--runs")?;
                match text.parse::<usize>() {
                    Ok(n) if n >= 1 => runs = Some(n),
                    _ => bail!("`--runs` takes a whole number of at least 1, got `{text}`"),
                }
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--dist" => dist = Some(PathBuf::from(value("--dist")?)),
            "--peer" => peer = Some(PathBuf::from(value("--peer")?)),
            other => bail!("unknown option `{other}`\n\n{USAGE}"),
        }
    }
    match command.as_str() {
        "run" => Ok(Command::Run {
            quick,
            runs: runs.unwrap_or(if quick { QUICK_RUNS } else { DEFAULT_RUNS }),
            out,
            dist,
            peer,
        }),
        "size" if !quick && runs.is_none() && out.is_none() && peer.is_none() => {
            Ok(Command::Size { dist })
        }
        "size" => bail!("`size` takes only `--dist`"),
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &[&str]) -> Result<Command> {
        parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn run_defaults_and_quick() {
        assert_eq!(
            parse_str(&["run"]).unwrap(),
            Command::Run {
                quick: false,
                runs: 5,
                out: None,
                dist: None,
                peer: None
            }
        );
        assert_eq!(
            parse_str(&["run", "--quick"]).unwrap(),
            Command::Run {
                quick: true,
                runs: 2,
                out: None,
                dist: None,
                peer: None
            }
        );
        assert_eq!(
            parse_str(&[
                "run", "--quick", "--runs", "3", "--out", "o", "--dist", "d", "--peer", "p"
            ])
            .unwrap(),
            Command::Run {
                quick: true,
                runs: 3,
                out: Some("o".into()),
                dist: Some("d".into()),
                peer: Some("p".into())
            }
        );
    }

    #[test]
    fn size_and_mistakes() {
        assert_eq!(
            parse_str(&["size", "--dist", "d"]).unwrap(),
            Command::Size {
                dist: Some("d".into())
            }
        );
        assert!(parse_str(&["size", "--quick"]).is_err());
        assert!(parse_str(&["size", "--peer", "p"]).is_err());
        assert!(parse_str(&["run", "--peer"]).is_err());
        assert!(parse_str(&["run", "--runs", "0"]).is_err());
        assert!(parse_str(&["run", "--runs"]).is_err());
        assert!(parse_str(&["run", "--fast"]).is_err());
        assert!(parse_str(&[]).is_err());
        assert!(parse_str(&["walk"]).is_err());
    }
}
