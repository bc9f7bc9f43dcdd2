//! One benchmark: the world started once, then each measurement over its runs, every run in a
//! fresh browser session. Returns the raw samples; judging them is the report's job.

use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::measure::big_list::{self, BigList};
use crate::measure::first_visit::{self, FirstVisit};
use crate::measure::search::{self, Keystroke, Press};
use crate::measure::sign_in::{self, SignIn};
use crate::session::Session;
use crate::world::World;

/// What to measure and how often.
#[derive(Debug, Clone)]
pub struct Plan {
    pub runs: usize,
    /// Tasks added before the list and search measurements.
    pub tasks: usize,
    pub search: Vec<Press>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Samples {
    pub first_visits: Vec<FirstVisit>,
    pub sign_ins: Vec<SignIn>,
    pub big_lists: Vec<BigList>,
    /// One list of keystrokes per run.
    pub searches: Vec<Vec<Keystroke>>,
    /// How many tasks the list and search measurements saw.
    pub task_total: u64,
}

pub async fn run(dist: &Path, plan: &Plan) -> Result<Samples> {
    progress("starting the CDN emulation (compressing the build), the local stack, chromedriver");
    let world = World::start(dist).await?;
    let result = measure_all(&world, plan).await;
    world.stop().await;
    result
}

async fn measure_all(world: &World, plan: &Plan) -> Result<Samples> {
    let auth = world.auth_origin()?;
    let mut samples = Samples::default();
    for run in 1..=plan.runs {
        progress(&format!("run {run}/{}: first visit, sign-in", plan.runs));
        let session = Session::open(&world.chromedriver).await?;
        let measured = async {
            let first = first_visit::measure(session.driver(), &world.app_url("/home"))
                .await
                .context("first visit")?;
            let sign_in = sign_in::measure(session.driver(), &world.origins, &world.hooks, &auth)
                .await
                .context("sign-in round trip")?;
            anyhow::Ok((first, sign_in))
        }
        .await;
        let quit = session.quit().await;
        let (first, sign_in) = measured.with_context(|| format!("run {run}"))?;
        quit?;
        samples.first_visits.push(first);
        samples.sign_ins.push(sign_in);
    }

    progress(&format!("adding {} tasks", plan.tasks));
    samples.task_total = world.seed(plan.tasks).await?;
    for run in 1..=plan.runs {
        progress(&format!(
            "run {run}/{}: /tasks with {} tasks, search",
            plan.runs, samples.task_total
        ));
        let session = Session::open(&world.chromedriver).await?;
        let measured = async {
            let list = big_list::measure(session.driver(), &world.origins, &auth)
                .await
                .context("the big list")?;
            let keys = search::measure(session.driver(), &plan.search)
                .await
                .context("search")?;
            anyhow::Ok((list, keys))
        }
        .await;
        let quit = session.quit().await;
        let (list, keys) = measured.with_context(|| format!("run {run}"))?;
        quit?;
        samples.big_lists.push(list);
        samples.searches.push(keys);
    }
    Ok(samples)
}

fn progress(message: &str) {
    eprintln!("bench: {message}");
}
