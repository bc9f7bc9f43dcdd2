//! The split build in the browser: the task pages' chunks load when first needed, and a chunk
//! that a new deploy removed while the tab was open gives "A new version of City Tasks is
//! available" with a Reload that works, never a dead page or the panic screen.

use std::path::Path;

use anyhow::{Context, Result, ensure};
use city_tasks_delivery::finish::copy_dir;
use e2e::task_pages::{TaskDetails, click, shown, sign_in_to_tasks, text_of};
use e2e::{Harness, dist, testid};

/// One of the demo user's tasks (local-stack's seed data).
const TASK: &str = "Water the garden";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunk_removed_while_the_tab_was_open_offers_the_new_version() -> Result<()> {
    // A copy of the build: this test deletes one of its files and must not touch dist/.
    let site = tempfile::Builder::new()
        .prefix("city-tasks-split-site-")
        .tempdir()?;
    copy_dir(&dist::locate()?, site.path())?;
    let chunk = dist::only_file(site.path(), "split_task_details-", ".wasm")?;
    let h = Harness::start("chunk_gone", |options| {
        options.site_dir = Some(site.path().to_path_buf());
    })
    .await?;
    let outcome = chunk_gone_journey(&h, &chunk).await;
    h.finish_with(outcome).await
}

async fn chunk_gone_journey(h: &Harness, chunk: &Path) -> Result<()> {
    let list = sign_in_to_tasks(h).await.context("step: sign in")?;
    list.wait_rows("the demo user's rows", |rows| {
        rows.iter().any(|r| r.contains(TASK))
    })
    .await?;
    let fetched = |part: &'static str| async move {
        let requests = h.site_requests().await?;
        anyhow::Ok(requests.iter().filter(|r| r.path.contains(part)).count())
    };
    // At least once: the signed-out visit to /tasks that started the sign-in fetched it too.
    ensure!(
        fetched("split_task_list-").await? >= 1,
        "step: the list showed without its chunk being fetched: is the build split?"
    );
    ensure!(
        fetched("split_task_details-").await? == 0,
        "step: the details' chunk was fetched before anyone opened a task"
    );

    // A deploy replaces the build: the file this tab would fetch next is gone.
    let saved = std::fs::read(chunk)?;
    std::fs::remove_file(chunk)?;
    let link = list.row(TASK).await?.find(testid("task-open")).await?;
    click(h, &link).await?;
    shown_soon(h, "new-version")
        .await
        .context("step: open a task after the deploy")?;
    let heading = text_of(h, "new-version").await?;
    ensure!(
        heading.contains("A new version of City Tasks is available"),
        "step: the notice says {heading:?}"
    );
    ensure!(
        shown(h, "panic-screen").await.is_err(),
        "step: the panic screen showed instead of the notice"
    );
    // The menu and the rest of the app still answer: this is a page, not a dead end.
    ensure!(
        shown(h, "new-version-reload").await.is_ok(),
        "step: no Reload button"
    );

    // The new build is there now; Reload loads it and the task opens.
    std::fs::write(chunk, saved)?;
    let reload = shown(h, "new-version-reload").await?;
    click(h, &reload).await?;
    TaskDetails::wait_shown(h)
        .await
        .context("step: Reload shows the task")?;
    Ok(())
}

/// Waits for a test id to be displayed.
async fn shown_soon(h: &Harness, id: &str) -> Result<()> {
    h.wait_until(id, async || Ok(shown(h, id).await.is_ok()))
        .await
}
