//! Task data people can trust, end to end: an edit through the form against a Tasks API whose
//! PUT replaces the stored task sends every field back; records the app cannot read are named
//! while the others show; markup and very long names stay text inside the layout; and a panic
//! leaves a plain "Something went wrong" screen instead of a frozen page.

use anyhow::{Context, Result, ensure};
use e2e::browser::element_text;
use e2e::task_pages::{TaskDetails, TaskList, click_id, sign_in_to_tasks, text_of, wait_shown};
use e2e::{Harness, PutMode};
use serde_json::{Value, json};

const BOUND_NAME: &str = "East pump at dawn";
const RENAMED: &str = "East pump, first light";

/// A task as the later API generation and a deployment of its own write it.
fn bound_task() -> Value {
    json!({
        "name": BOUND_NAME,
        "description": "Fills the east reservoir before the morning peak.",
        "hour": 5,
        "minute": 40,
        "executionDays": "MON,WED,FRI",
        "executionCommand": "pump:east:on",
        "executeUntil": "2031-03-31T23:59:59Z",
        "jobId": "job-east-1",
        "createdAt": 1_767_225_600_000_i64,
        "updatedAt": "2026-01-01T00:00:00Z",
        "deviceId": "pump-east-07",
        "deviceOperation": "ACTIVATE",
        "status": "ACT",
        "site": { "district": "Harbour", "meters": [12, 13] },
        "maintenanceNote": null,
        "priority": 2
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rename_through_the_form_keeps_every_other_field_on_the_server() -> Result<()> {
    let h = Harness::start("task_data_rename", |_| {}).await?;
    let outcome = rename_journey(&h).await;
    h.finish_with(outcome).await
}

async fn rename_journey(h: &Harness) -> Result<()> {
    h.hooks().set_put_mode(PutMode::Replace).await?;
    let ids = h.hooks().seed_raw_tasks(&[bound_task()]).await?;
    let id = *ids.first().context("the seed returned no id")?;
    let stored = h.hooks().get_task_raw(id).await?;

    let list = sign_in_to_tasks(h).await.context("step: sign in")?;
    let details = list.open(BOUND_NAME).await.context("step: open the task")?;
    details.wait_field("device-id", "pump-east-07").await?;
    details
        .wait_field("device-operation", "Turns the device on")
        .await
        .context("step: the device operation in plain words")?;
    details.wait_field("status", "Active").await?;

    let form = details.edit().await.context("step: edit")?;
    form.fill("name", RENAMED).await?;
    form.save().await?;
    TaskDetails::wait_shown(h)
        .await?
        .wait_field("name", RENAMED)
        .await
        .context("step: saved, back on the details")?;

    let mut after = h.hooks().get_task_raw(id).await?;
    let mut expected = stored;
    expected["name"] = RENAMED.into();
    // The server stamps the change; everything else must be what it stored before.
    for task in [&mut after, &mut expected] {
        if let Some(task) = task.as_object_mut() {
            task.remove("updatedAt");
        }
    }
    ensure!(
        after == expected,
        "step: the stored task changed beyond its name:\n  before {expected}\n  after  {after}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_the_app_cannot_read_are_named_and_the_others_shown() -> Result<()> {
    let h = Harness::start("task_data_unreadable", |_| {}).await?;
    let outcome = unreadable_journey(&h).await;
    h.finish_with(outcome).await
}

const MARKUP_NAME: &str = "<img src=x onerror=\"window.__injected=1\">Lights";

async fn unreadable_journey(h: &Harness) -> Result<()> {
    let long_name = "W".repeat(4000);
    let ids = h
        .hooks()
        .seed_raw_tasks(&[
            json!({ "name": null, "hour": 7, "minute": 0, "executionDays": "MON" }),
            json!({ "name": "Hour out of range", "hour": 99, "minute": 0, "executionDays": "MON" }),
            // Readable: lenient where the original API was.
            json!({ "name": "Legacy padded hour", "hour": "08", "minute": "05",
                    "executionDays": "TUE,FUNDAY", "executeUntil": 1_917_035_940_000_i64 }),
            json!({ "name": MARKUP_NAME, "hour": 9, "minute": 15, "executionDays": "WED" }),
            json!({ "name": long_name, "hour": 10, "minute": 0, "executionDays": "THU" }),
        ])
        .await?;
    let (no_name, bad_hour) = (ids[0], ids[1]);

    let list = sign_in_to_tasks(h).await.context("step: sign in")?;
    let notice = text_of(h, "tasks-unshown").await?;
    ensure!(
        notice.contains("2 tasks could not be shown")
            && notice.contains(&format!("Task {no_name}: it has no name"))
            && notice.contains(&format!("Task {bad_hour}: its hour is not 0 to 23")),
        "step: the notice names both records: {notice:?}"
    );
    let rows = list
        .wait_rows("the readable tasks", |rows| {
            rows.iter()
                .any(|r| r.contains("Legacy padded hour") && r.contains("08:05"))
                && rows.iter().any(|r| r.contains(MARKUP_NAME))
        })
        .await
        .context("step: the readable records are listed")?;
    ensure!(
        !rows.iter().any(|r| r.contains("Hour out of range")),
        "step: an unreadable record was listed"
    );
    check_markup_stayed_text(h).await?;
    check_no_horizontal_scroll(h, "the list").await?;

    // Opened on its own, a damaged record says what is wrong with it.
    h.open(&format!("/tasks/details/{bad_hour}")).await?;
    let load_error = element_text(&wait_shown(h, "task-load-error").await?).await?;
    ensure!(
        load_error.contains("stored data is incomplete or damaged (its hour is not 0 to 23)"),
        "step: the damaged task's page says {load_error:?}"
    );

    let long = h
        .hooks()
        .seed_raw_tasks(&[json!({ "name": "X".repeat(4000), "hour": 11, "minute": 0,
            "executionDays": "FRI" })])
        .await?;
    h.open(&format!("/tasks/details/{}", long[0])).await?;
    TaskDetails::wait_shown(h).await?;
    check_no_horizontal_scroll(h, "the details of a 4,000-character name").await?;
    Ok(())
}

async fn check_markup_stayed_text(h: &Harness) -> Result<()> {
    let found = h
        .driver()
        .execute(
            "return { injected: window.__injected === 1, \
                      images: document.querySelectorAll('.task-list img').length };",
            Vec::new(),
        )
        .await?;
    ensure!(
        found.json() == &json!({ "injected": false, "images": 0 }),
        "step: markup in a name became elements: {}",
        found.json()
    );
    Ok(())
}

async fn check_no_horizontal_scroll(h: &Harness, page: &str) -> Result<()> {
    let widths = h
        .driver()
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
            Vec::new(),
        )
        .await?;
    let widths: Vec<u64> = serde_json::from_value(widths.json().clone())?;
    ensure!(
        widths.first() <= widths.get(1),
        "step: {page} scrolls sideways (content {widths:?})"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_leaves_a_plain_screen_with_a_reload() -> Result<()> {
    let h = Harness::start("task_data_panic", |_| {}).await?;
    let outcome = panic_journey(&h).await;
    h.finish_with(outcome).await
}

async fn panic_journey(h: &Harness) -> Result<()> {
    sign_in_to_tasks(h).await.context("step: sign in")?;
    h.driver()
        .execute(
            "window.dispatchEvent(new Event('city-tasks:test-panic'));",
            Vec::new(),
        )
        .await?;
    wait_shown(h, "panic-screen")
        .await
        .context("step: the panic screen replaces the page")?;
    let text = text_of(h, "panic-screen").await?;
    ensure!(
        text.contains("Something went wrong") && !text.contains("eyJ") && !text.contains("panic"),
        "step: the screen says {text:?}"
    );
    let page = h
        .driver()
        .execute(
            "return { title: document.title, body: document.body.innerText, \
                      rows: document.querySelectorAll('[data-testid=task-row]').length };",
            Vec::new(),
        )
        .await?;
    let page = page.json();
    ensure!(
        page["title"] == "Something went wrong · City Tasks" && page["rows"] == 0,
        "step: the page after the panic: {page}"
    );
    ensure!(
        !page["body"]
            .as_str()
            .unwrap_or_default()
            .contains("internal"),
        "step: panic detail on screen: {page}"
    );
    click_id(h, "panic-reload").await?;
    TaskList::wait_loaded(h)
        .await
        .context("step: Reload brings the list back, still signed in")?;
    Ok(())
}
