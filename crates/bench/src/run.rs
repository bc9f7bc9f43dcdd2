//! One benchmark: the world started once, then each measurement over its runs, every run in a
//! fresh browser session. Returns the raw samples; judging them is the report's job.
//!
//! The first visit and the sign-in run on both network profiles, for City Tasks and, when its
//! build is there, the React peer, interleaved within each run (City Tasks local, peer local,
//! City Tasks slow 4G, peer slow 4G) so the machine's drift during a benchmark hits both clients
//! alike. Then the list and search with the plan's tasks, then the same at scale.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::classify::Origins;
use crate::measure::ToSignIn;
use crate::measure::big_list::{self, BigList};
use crate::measure::first_visit::{self, FirstVisit};
use crate::measure::search::{self, Keystroke, Press};
use crate::measure::sign_in::{self, SignIn};
use crate::network::{self, Profile};
use crate::session::in_fresh_session;
use crate::world::World;

/// What to measure and how often.
#[derive(Debug, Clone)]
pub struct Plan {
    pub runs: usize,
    /// Tasks added before the list and search measurements.
    pub tasks: usize,
    pub search: Vec<Press>,
    /// Tasks on the list for the scale measurement (added to reach about this many), and its
    /// runs; `Err` skips it, with the reason the report gives.
    pub scale: Result<Scale, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub tasks: usize,
    pub runs: usize,
}

/// The clients measured side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Client {
    CityTasks,
    /// The React peer (`crate::peer`).
    React,
}

impl Client {
    pub fn name(self) -> &'static str {
        match self {
            Client::CityTasks => "City Tasks",
            Client::React => "React peer",
        }
    }

    /// The signed-out page a new user opens: City Tasks' `/home`, the peer's landing page.
    fn first_visit_path(self) -> &'static str {
        match self {
            Client::CityTasks => "/home",
            Client::React => "/",
        }
    }

    fn to_sign_in(self) -> ToSignIn {
        match self {
            Client::CityTasks => ToSignIn::Guarded("/tasks"),
            Client::React => ToSignIn::LoginButton("/"),
        }
    }
}

/// The first visit and the sign-in of one client on one network profile, one of each per run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Journeys {
    pub first_visits: Vec<FirstVisit>,
    pub sign_ins: Vec<SignIn>,
}

/// The list and search measurements with one number of tasks.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Lists {
    pub task_total: u64,
    pub big_lists: Vec<BigList>,
    /// One list of keystrokes per run.
    pub searches: Vec<Vec<Keystroke>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Samples {
    /// City Tasks on the local network.
    pub first_visits: Vec<FirstVisit>,
    pub sign_ins: Vec<SignIn>,
    pub big_lists: Vec<BigList>,
    /// One list of keystrokes per run.
    pub searches: Vec<Vec<Keystroke>>,
    /// How many tasks the list and search measurements saw.
    pub task_total: u64,
    /// City Tasks on slow 4G.
    pub slow_4g: Journeys,
    /// The React peer on each profile.
    pub peer_local: Journeys,
    pub peer_slow_4g: Journeys,
    /// Why the peer's numbers are missing or cut short, when they are.
    pub peer_missing: Option<String>,
    /// The list and search again at scale (50,000 tasks).
    pub scale: Option<Lists>,
    /// Why the scale numbers are missing, when they are.
    pub scale_missing: Option<String>,
}

impl Samples {
    /// One client's journeys on one profile.
    pub fn journeys(&self, client: Client, profile: Profile) -> Journeys {
        match (client, profile) {
            (Client::CityTasks, Profile::Local) => Journeys {
                first_visits: self.first_visits.clone(),
                sign_ins: self.sign_ins.clone(),
            },
            (Client::CityTasks, Profile::Slow4g) => self.slow_4g.clone(),
            (Client::React, Profile::Local) => self.peer_local.clone(),
            (Client::React, Profile::Slow4g) => self.peer_slow_4g.clone(),
        }
    }

    fn push(&mut self, client: Client, profile: Profile, first: FirstVisit, sign_in: SignIn) {
        let journeys = match (client, profile) {
            (Client::CityTasks, Profile::Local) => {
                self.first_visits.push(first);
                self.sign_ins.push(sign_in);
                return;
            }
            (Client::CityTasks, Profile::Slow4g) => &mut self.slow_4g,
            (Client::React, Profile::Local) => &mut self.peer_local,
            (Client::React, Profile::Slow4g) => &mut self.peer_slow_4g,
        };
        journeys.first_visits.push(first);
        journeys.sign_ins.push(sign_in);
    }
}

/// `peer` is the React peer's build, or why there is none.
pub async fn run(dist: &Path, peer: Result<PathBuf, String>, plan: &Plan) -> Result<Samples> {
    progress("starting the CDN emulation (compressing the build), the local stack, chromedriver");
    let world = World::start(dist, peer).await?;
    let result = measure_all(&world, plan).await;
    world.stop().await;
    result
}

async fn measure_all(world: &World, plan: &Plan) -> Result<Samples> {
    let auth = world.auth_origin()?;
    let mut samples = Samples {
        peer_missing: world.peer.as_ref().err().cloned(),
        ..Samples::default()
    };
    for run in 1..=plan.runs {
        for profile in Profile::ALL {
            let mut clients = vec![(Client::CityTasks, &world.origins)];
            if let (Ok(peer), None) = (&world.peer, &samples.peer_missing) {
                clients.push((Client::React, peer));
            }
            for (client, origins) in clients {
                progress(&format!(
                    "run {run}/{}: {}, {}: first visit, sign-in",
                    plan.runs,
                    client.name(),
                    profile.name()
                ));
                let measured = journeys(world, client, origins, profile, &auth)
                    .await
                    .with_context(|| format!("run {run}, {}, {}", client.name(), profile.name()));
                match (measured, client) {
                    (Ok((first, sign_in)), _) => samples.push(client, profile, first, sign_in),
                    // The peer is the reference, not the subject: its failure is reported and
                    // City Tasks' numbers still come out.
                    (Err(error), Client::React) => {
                        progress(&format!(
                            "the React peer failed, measuring on without it: {error:#}"
                        ));
                        samples.peer_missing = Some(format!("stopped after a failure: {error:#}"));
                    }
                    (Err(error), Client::CityTasks) => return Err(error),
                }
            }
        }
    }

    progress(&format!("adding {} tasks", plan.tasks));
    samples.task_total = world.hooks.seed_tasks(plan.tasks).await?;
    let lists = measure_lists(world, &auth, plan.runs, samples.task_total, &plan.search).await?;
    samples.big_lists = lists.big_lists;
    samples.searches = lists.searches;

    match &plan.scale {
        Ok(scale) => {
            let more = scale.tasks.saturating_sub(plan.tasks);
            progress(&format!(
                "adding {more} more tasks, for {} in all",
                scale.tasks
            ));
            let total = world.hooks.seed_tasks(more).await?;
            samples.scale =
                Some(measure_lists(world, &auth, scale.runs, total, &plan.search).await?);
        }
        Err(reason) => samples.scale_missing = Some(reason.clone()),
    }
    Ok(samples)
}

/// One client's first visit and sign-in, on `profile`, in a fresh session.
async fn journeys(
    world: &World,
    client: Client,
    origins: &Origins,
    profile: Profile,
    auth: &str,
) -> Result<(FirstVisit, SignIn)> {
    in_fresh_session(&world.chromedriver, async |driver| {
        network::apply(driver, profile).await?;
        let url = format!("{}{}", origins.app, client.first_visit_path());
        let first = first_visit::measure(driver, &url)
            .await
            .context("first visit")?;
        network::check_applied(profile, &first.entries)?;
        let sign_in = sign_in::measure(driver, origins, client.to_sign_in(), &world.hooks, auth)
            .await
            .context("sign-in round trip")?;
        Ok((first, sign_in))
    })
    .await
}

/// `/tasks` reloaded with `total` tasks, then searched, `runs` times (City Tasks, local).
async fn measure_lists(
    world: &World,
    auth: &str,
    runs: usize,
    total: u64,
    presses: &[Press],
) -> Result<Lists> {
    let mut lists = Lists {
        task_total: total,
        ..Lists::default()
    };
    for run in 1..=runs {
        progress(&format!(
            "run {run}/{runs}: /tasks with {total} tasks, search"
        ));
        let (list, keys) = in_fresh_session(&world.chromedriver, async |driver| {
            let list = big_list::measure(driver, &world.origins, auth)
                .await
                .context("the big list")?;
            let keys = search::measure(driver, presses).await.context("search")?;
            Ok((list, keys))
        })
        .await
        .with_context(|| format!("run {run} with {total} tasks"))?;
        lists.big_lists.push(list);
        lists.searches.push(keys);
    }
    Ok(lists)
}

fn progress(message: &str) {
    eprintln!("bench: {message}");
}
