//! One benchmark: the world started once, then each measurement over its runs, every run in a
//! fresh browser session. Returns the raw samples; judging them is the report's job.

use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::measure::big_list::{self, BigList};
use crate::measure::first_visit::{self, FirstVisit};
use crate::measure::search::{self, Keystroke, Press};
use crate::measure::sign_in::{self, SignIn};
use crate::session::in_fresh_session;
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
        let (first, sign_in) = in_fresh_session(&world.chromedriver, async |driver| {
            let first = first_visit::measure(driver, &world.app_url("/home"))
                .await
                .context("first visit")?;
            let sign_in = sign_in::measure(driver, &world.origins, &world.hooks, &auth)
                .await
                .context("sign-in round trip")?;
            Ok((first, sign_in))
        })
        .await
        .with_context(|| format!("run {run}"))?;
        samples.first_visits.push(first);
        samples.sign_ins.push(sign_in);
    }

    progress(&format!("adding {} tasks", plan.tasks));
    samples.task_total = world.hooks.seed_tasks(plan.tasks).await?;
    for run in 1..=plan.runs {
        progress(&format!(
            "run {run}/{}: /tasks with {} tasks, search",
            plan.runs, samples.task_total
        ));
        let (list, keys) = in_fresh_session(&world.chromedriver, async |driver| {
            let list = big_list::measure(driver, &world.origins, &auth)
                .await
                .context("the big list")?;
            let keys = search::measure(driver, &plan.search)
                .await
                .context("search")?;
            Ok((list, keys))
        })
        .await
        .with_context(|| format!("run {run}"))?;
        samples.big_lists.push(list);
        samples.searches.push(keys);
    }
    Ok(samples)
}

fn progress(message: &str) {
    eprintln!("bench: {message}");
}
