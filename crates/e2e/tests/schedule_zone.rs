//! The scheduler's zone end to end, with the browser in another zone: the Tasks API runs tasks
//! in New York (`scheduleTimeZone`) while the user's Chromium is in Kolkata (`TZ`). A task
//! entered at 07:30 reaches the API as 7 and 30; "until" goes with New York's offset on that
//! day, summer and winter; the list and the details show New York time, the user's 17:00 or
//! 18:00 beside it, and a next run that the browser's own zone data says is the next 07:30 in
//! New York. A zone the browser does not know is a configuration error naming the field.

use anyhow::{Context, Result, ensure};
use e2e::Harness;
use e2e::browser::element_text;
use e2e::task_pages::{TaskDetails, TaskList, sign_in_to_tasks, text_of, wait_shown};
use e2e::testid;
use local_stack::Options;
use serde_json::{Value, json};

const SCHEDULER: &str = "America/New_York";
const BROWSER: &str = "Asia/Kolkata";
const NAME: &str = "Harbour lights on";
const MS_PER_HOUR: i64 = 3_600_000;

fn in_new_york(options: &mut Options) {
    options
        .app_config
        .insert("scheduleTimeZone".into(), json!(SCHEDULER));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_is_entered_and_shown_in_the_schedulers_zone() -> Result<()> {
    let h = Harness::start_in_zone("schedule_zone", BROWSER, in_new_york).await?;
    let outcome = zone_journey(&h).await;
    h.finish_with(outcome).await
}

async fn zone_journey(h: &Harness) -> Result<()> {
    let list = sign_in_to_tasks(h).await.context("step: sign in")?;
    let browser_zone = script(
        h,
        "return Intl.DateTimeFormat().resolvedOptions().timeZone;",
        &[],
    )
    .await?;
    // ICU still answers with the zone's old name.
    ensure!(
        [BROWSER, "Asia/Calcutta"].contains(&browser_zone.as_str()),
        "step: the browser runs in {browser_zone}, not {BROWSER}"
    );

    // Create at 07:30, every day, until a summer day (New York at -04:00 then).
    let form = list.click_new().await?;
    form.fill("name", NAME).await?;
    form.fill("hour", "7").await?;
    form.fill("minute", "30").await?;
    for day in ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] {
        form.toggle_day(day).await?;
    }
    set_until(h, "2027-07-15").await?;
    let legend = text_of(h, "time-zone-hint").await?;
    ensure!(
        legend.contains("In New York time, the zone the scheduler runs tasks in."),
        "step: the form names the scheduler's zone: {legend:?}"
    );
    // 07:30 in New York is 17:00 (summer) or 18:00 (winter) in Kolkata, on the same day.
    let yours = text_of(h, "time-your-time").await?;
    ensure!(
        ["That is 17:00 your time.", "That is 18:00 your time."].contains(&yours.as_str()),
        "step: the form gives the user's own clock: {yours:?}"
    );
    let form_shot = h.screenshot("schedule-zone-form").await?;
    form.save().await?;

    let list = TaskList::wait_loaded(h).await?;
    list.wait_rows("the new task's row", |rows| {
        rows.iter().any(|r| r.contains(NAME))
    })
    .await?;
    let row = list.row(NAME).await?;
    let id: i64 = row
        .attr("data-task-id")
        .await?
        .context("the row has a task id")?
        .parse()?;
    let stored = h.hooks().get_task_raw(id).await?;
    ensure!(
        stored["hour"] == json!(7) && stored["minute"] == json!(30),
        "step: the API got hour 7, minute 30: {stored}"
    );
    ensure!(
        stored["executeUntil"] == json!("2027-07-15T23:59:59-04:00"),
        "step: until goes with New York's summer offset: {stored}"
    );

    // The row: New York time, the next run, and the user's clock at that run.
    let time = element_text(&row.find(testid("task-zone")).await?).await?;
    ensure!(
        time == "New York time",
        "step: the row names the zone: {time:?}"
    );
    let next = row.find(testid("task-next-run")).await?;
    let at: i64 = next
        .attr("data-at")
        .await?
        .context("the row has a next run")?
        .parse()?;
    check_next_run(h, at).await?;
    let next_text = element_text(&next).await?;
    ensure!(
        next_text.starts_with("Next run "),
        "step: the next run in words: {next_text:?}"
    );
    let local = element_text(&row.find(testid("task-local-time")).await?).await?;
    let expected_local = format!("{} your time", clock_in(h, at, BROWSER).await?);
    ensure!(
        local == expected_local,
        "step: the row gives the user's clock at the next run: {local:?}, expected {expected_local:?}"
    );
    let row_shot = h.screenshot("schedule-zone-row").await?;

    // The details say the same.
    let details = list.open(NAME).await?;
    details.wait_field("time", "07:30").await?;
    details.wait_field("zone", "New York time").await?;
    let details_at = wait_shown(h, "details-next-run")
        .await?
        .attr("data-at")
        .await?
        .context("the details have a next run")?;
    ensure!(
        details_at == at.to_string(),
        "step: details and row agree on the next run"
    );
    let until = details.field("until").await?;
    ensure!(
        until == "15 Jul 2027, end of the day New York time",
        "step: until is the day chosen: {until:?}"
    );

    // Edit "until" to a winter day: New York at -05:00 then.
    let form = details.edit().await?;
    ensure!(
        form.value("until").await? == "2027-07-15",
        "step: the form shows the day chosen"
    );
    set_until(h, "2027-01-15").await?;
    form.save().await?;
    TaskDetails::wait_shown(h)
        .await?
        .wait_field("until", "15 Jan 2027, end of the day New York time")
        .await?;
    let stored = h.hooks().get_task_raw(id).await?;
    ensure!(
        stored["executeUntil"] == json!("2027-01-15T23:59:59-05:00"),
        "step: until goes with New York's winter offset: {stored}"
    );
    println!(
        "screenshots: {} {}",
        form_shot.display(),
        row_shot.display()
    );
    Ok(())
}

/// The next run is a 07:30 on New York's clock, after now and at most a day away (the task
/// runs every day), as the browser's own `Intl` reads it.
async fn check_next_run(h: &Harness, at: i64) -> Result<()> {
    let now: i64 = script(h, "return String(Date.now());", &[])
        .await?
        .parse()?;
    ensure!(
        at > now && at - now <= 24 * MS_PER_HOUR + MS_PER_HOUR,
        "step: the next run is within a day: at {at}, now {now}"
    );
    let there = clock_in(h, at, SCHEDULER).await?;
    ensure!(
        there == "07:30",
        "step: the next run is 07:30 in New York, not {there}"
    );
    // And no 07:30 in New York between now and then: the previous one is a day earlier.
    let day_before = clock_in(h, at - 24 * MS_PER_HOUR, SCHEDULER).await?;
    ensure!(
        at - 24 * MS_PER_HOUR <= now || day_before != "07:30",
        "step: an earlier 07:30 was skipped"
    );
    Ok(())
}

/// `HH:MM` on `zone`'s clock at `at`, from the browser's zone data.
async fn clock_in(h: &Harness, at: i64, zone: &str) -> Result<String> {
    script(
        h,
        "return new Intl.DateTimeFormat('en-GB', {timeZone: arguments[1], hour: '2-digit', \
         minute: '2-digit', hourCycle: 'h23'}).format(new Date(Number(arguments[0])));",
        &[json!(at.to_string()), json!(zone)],
    )
    .await
}

/// Sets the date input as a date picker would, with the `change` it sends.
async fn set_until(h: &Harness, date: &str) -> Result<()> {
    let input = wait_shown(h, "field-until").await?;
    h.driver()
        .execute(
            "arguments[0].value = arguments[1];\
             arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            vec![input.to_json()?, json!(date)],
        )
        .await
        .context("choosing the until day")?;
    Ok(())
}

async fn script(h: &Harness, code: &str, args: &[Value]) -> Result<String> {
    let ret = h.driver().execute(code, args.to_vec()).await?;
    ret.convert::<String>()
        .with_context(|| format!("script result: {}", ret.json()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zone_the_browser_does_not_know_is_a_configuration_error() -> Result<()> {
    let h = Harness::start("schedule_zone_unknown", |options| {
        options
            .app_config
            .insert("scheduleTimeZone".into(), json!("Mars/Olympus_Mons"));
    })
    .await?;
    let outcome = async {
        h.open("/").await?;
        let page = wait_shown(&h, "config-error").await?;
        let text = element_text(&page).await?;
        ensure!(
            text.contains("scheduleTimeZone") && text.contains("Mars/Olympus_Mons"),
            "the error names the field and the zone: {text:?}"
        );
        Ok(())
    }
    .await;
    h.finish_with(outcome).await
}
