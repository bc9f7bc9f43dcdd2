//! The task pages end to end: create (with client and server validation and a failed save),
//! see it in its sorted place, view, edit, delete after confirming; search; not-found and error
//! pages; and how 5,000 tasks behave. Each test owns its stack and browser.

use anyhow::{Context, Result, ensure};
use e2e::task_pages::{
    ConfirmDialog, TaskDetails, TaskList, click, click_id, fail_next_api_call, seed_tasks, shown,
    sign_in_to_tasks, text_of, wait_error_page, wait_leave_question, wait_shown,
};
use e2e::tasks::check_rows_show_tasks;
use e2e::viewport::{Scheme, desktop, emulate_media, phone};
use e2e::{Harness, testid, wait_until};
use serde_json::Value;

const NEW_NAME: &str = "Harbour lights on";

/// What the main journey reads on the page, in one language.
struct Words {
    enter_name: &'static str,
    enter_hour: &'static str,
    enter_minute: &'static str,
    choose_day: &'static str,
    name_now_4: &'static str,
    hour_range: &'static str,
    not_saved: &'static str,
    still_here: &'static str,
    saved: &'static str,
    mon_fri: &'static str,
    mon_fri_sun: &'static str,
    delete_question: &'static str,
}

const ENGLISH: Words = Words {
    enter_name: "Enter a name",
    enter_hour: "Enter the hour",
    enter_minute: "Enter the minute",
    choose_day: "Choose at least one day",
    name_now_4: "5 to 25 characters (now 4)",
    hour_range: "0 to 23",
    not_saved: "not saved",
    still_here: "still here",
    saved: "Saved",
    mon_fri: "Mon, Fri",
    mon_fri_sun: "Mon, Fri, Sun",
    delete_question: "Delete",
};

const SPANISH: Words = Words {
    enter_name: "Escribe un nombre",
    enter_hour: "Escribe la hora",
    enter_minute: "Escribe el minuto",
    choose_day: "Elige al menos un día",
    name_now_4: "de 5 a 25 caracteres (ahora 4)",
    hour_range: "de 0 a 23",
    not_saved: "no se ha guardado",
    still_here: "sigue aquí",
    saved: "Se ha guardado",
    mon_fri: "lun, vie",
    mon_fri_sun: "lun, vie, dom",
    delete_question: "¿Eliminar",
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_view_edit_and_delete_a_task() -> Result<()> {
    let h = Harness::start("task_crud", |_| {}).await?;
    let outcome = crud_journey(&h, &ENGLISH).await;
    h.finish_with(outcome).await
}

/// The same journey for a browser that prefers Spanish: every message, day and dialog in
/// Spanish, with the same checks on what reaches the API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_view_edit_and_delete_a_task_in_spanish() -> Result<()> {
    let h = Harness::start_in_languages("task_crud_es", &["es-ES", "es"], |_| {}).await?;
    let outcome = crud_journey(&h, &SPANISH).await;
    h.finish_with(outcome).await
}

async fn crud_journey(h: &Harness, words: &Words) -> Result<()> {
    let list = sign_in_to_tasks(h).await.context("step: sign in")?;
    let form = list
        .click_new()
        .await
        .context("step: New task opens the form")?;

    // Client-side validation: nothing is sent while the draft breaks a rule.
    let posts_before = count_calls(h, "POST").await?;
    form.save().await?;
    form.wait_error("name", words.enter_name)
        .await
        .context("step: empty name")?;
    form.wait_error("hour", words.enter_hour).await?;
    form.wait_error("minute", words.enter_minute).await?;
    form.wait_error("days", words.choose_day).await?;
    form.fill("name", "Pump").await?;
    form.wait_error("name", words.name_now_4)
        .await
        .context("step: the name message follows typing")?;
    form.fill("hour", "24").await?;
    form.wait_error("hour", words.hour_range).await?;
    ensure!(
        count_calls(h, "POST").await? == posts_before,
        "step: an invalid draft was sent to the API"
    );

    // A valid draft; the server refuses it once (field message) and fails once (500).
    form.fill("name", NEW_NAME).await?;
    form.fill("description", "Switch on the harbour walk lights.")
        .await?;
    form.fill("hour", "6").await?;
    form.fill("minute", "45").await?;
    form.toggle_day("MON").await?;
    form.toggle_day("FRI").await?;
    for field in ["name", "hour", "minute", "days"] {
        h.wait_until(&format!("no {field} error once fixed"), async || {
            Ok(form.error(field).await?.is_empty())
        })
        .await?;
    }
    fail_next_api_call(h, 400, "name must be between 5 and 25 characters").await?;
    form.save().await?;
    form.wait_error("name", "Name must be between 5 and 25 characters.")
        .await
        .context("step: a server validation message shows beside its field")?;

    fail_next_api_call(h, 500, "the task store failed").await?;
    form.save().await?;
    let banner = form
        .wait_form_error()
        .await
        .context("step: a 500 on save")?;
    ensure!(
        banner.contains(words.not_saved) && banner.contains(words.still_here),
        "step: the failed save banner says {banner:?}"
    );
    ensure!(
        form.value("name").await? == NEW_NAME,
        "step: the name was lost"
    );
    ensure!(form.value("hour").await? == "6" && form.value("minute").await? == "45");
    ensure!(
        form.value("description").await? == "Switch on the harbour walk lights.",
        "step: the description was lost"
    );
    ensure!(
        form.day_on("MON").await? && form.day_on("FRI").await? && !form.day_on("TUE").await?,
        "step: the days were lost"
    );

    // Saving again works and lands on the list, with the task in its sorted place.
    form.save().await?;
    let list = TaskList::wait_loaded(h)
        .await
        .context("step: back on the list")?;
    let toast = element_text_when_shown(h, "toast").await?;
    ensure!(
        toast.contains(NEW_NAME) && toast.contains(words.saved),
        "step: the toast says {toast:?}"
    );
    let expected = h.hooks().fetch_tasks(&h.access_token().await?).await?;
    ensure!(
        expected
            .iter()
            .any(|t| t.name == NEW_NAME && t.hour == 6 && t.minute == 45)
    );
    let rows = list
        .wait_rows("the new task in the list", |rows| {
            rows.len() == expected.len()
        })
        .await?;
    check_rows_show_tasks(&rows, &expected).context("step: the new task sits in time order")?;
    let position = rows
        .iter()
        .position(|r| r.contains(NEW_NAME))
        .unwrap_or(usize::MAX);
    ensure!(
        rows.get(position.wrapping_sub(1))
            .is_some_and(|r| r.contains("06:30"))
            && rows.get(position + 1).is_some_and(|r| r.contains("07:15")),
        "step: 06:45 should sit between 06:30 and 07:15: {rows:#?}"
    );

    // Details, then edit: the form echoes the server's fields and saves the whole task.
    let details = list.open(NEW_NAME).await.context("step: open details")?;
    details.wait_field("time", "06:45").await?;
    ensure!(details.field("days").await? == words.mon_fri);
    ensure!(details.field("job-id").await?.starts_with("job-"));
    let form = details.edit().await.context("step: Edit")?;
    ensure!(form.value("name").await? == NEW_NAME);
    ensure!(
        !text_of(h, "task-job-id").await?.is_empty(),
        "step: the edit form shows the job id"
    );
    form.fill("hour", "23").await?;
    form.fill("minute", "5").await?;
    form.toggle_day("SUN").await?;
    form.save().await?;
    let details = TaskDetails::wait_shown(h)
        .await
        .context("step: saved edit shows details")?;
    details.wait_field("time", "23:05").await?;
    ensure!(details.field("days").await? == words.mon_fri_sun);
    let put = last_call(h, "PUT")
        .await?
        .context("step: no PUT was made")?;
    ensure!(put.status == 200, "step: PUT answered {}", put.status);

    // Delete from the list: cancel keeps it, confirming removes it.
    click_id(h, "nav-tasks").await?;
    let list = TaskList::wait_loaded(h).await?;
    let dialog = list
        .ask_delete(NEW_NAME)
        .await
        .context("step: delete asks first")?;
    let text = dialog.text().await?;
    ensure!(
        text.contains(NEW_NAME) && text.contains(words.delete_question),
        "step: the dialog does not ask to delete the task: {text:?}"
    );
    ensure!(
        dialog.has_focus().await?,
        "step: focus is not inside the dialog"
    );
    dialog.cancel().await?;
    list.row(NEW_NAME)
        .await
        .context("step: cancel keeps the task")?;
    ensure!(
        last_call(h, "DELETE").await?.is_none(),
        "step: cancel still deleted"
    );
    list.ask_delete(NEW_NAME).await?.accept().await?;
    list.wait_rows("the deleted task to leave the list", |rows| {
        !rows.is_empty() && !rows.iter().any(|r| r.contains(NEW_NAME))
    })
    .await
    .context("step: confirm deletes")?;
    let delete = last_call(h, "DELETE")
        .await?
        .context("step: no DELETE was made")?;
    ensure!(
        delete.status == 204,
        "step: DELETE answered {}",
        delete.status
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_a_changed_form_asks_first() -> Result<()> {
    let h = Harness::start("task_leave", |_| {}).await?;
    let outcome = leave_journey(&h).await;
    h.finish_with(outcome).await
}

async fn leave_journey(h: &Harness) -> Result<()> {
    let list = sign_in_to_tasks(h).await?;
    // An untouched form lets the user go without a question.
    list.click_new().await?;
    click_id(h, "task-cancel").await?;
    let list = TaskList::wait_loaded(h)
        .await
        .context("step: cancel an untouched form")?;

    let form = list.click_new().await?;
    form.fill("name", "Half-typed task").await?;
    click_id(h, "nav-tasks").await?;
    let question = wait_leave_question(h, "the leave confirmation").await?;
    ensure!(
        question.contains("unsaved changes"),
        "step: the question was {question:?}"
    );
    h.driver().dismiss_alert().await?;
    ensure!(
        h.is_at("/tasks/create").await? && form.value("name").await? == "Half-typed task",
        "step: staying keeps the form and its text"
    );

    // The browser's Back asks too; staying returns to the form with the text intact.
    h.driver().execute("history.back()", Vec::new()).await?;
    wait_leave_question(h, "the leave confirmation on Back").await?;
    h.driver().dismiss_alert().await?;
    h.wait_until("the form to stay after Back", async || {
        Ok(h.is_at("/tasks/create").await? && form.value("name").await? == "Half-typed task")
    })
    .await
    .context("step: staying after Back keeps the form and its text")?;

    click_id(h, "nav-tasks").await?;
    wait_leave_question(h, "the leave confirmation again").await?;
    h.driver().accept_alert().await?;
    TaskList::wait_loaded(h)
        .await
        .context("step: leaving after confirming")?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn details_delete_and_unknown_ids_show_not_found() -> Result<()> {
    let h = Harness::start("task_not_found", |_| {}).await?;
    let outcome = not_found_journey(&h).await;
    h.finish_with(outcome).await
}

async fn not_found_journey(h: &Harness) -> Result<()> {
    let list = sign_in_to_tasks(h).await?;
    let details = list.open("Fountain pumps on").await?;
    ensure!(
        details.field("until").await?.contains("2030"),
        "step: until is shown"
    );
    let path = h.app_location().await?.map(|(p, _)| p).unwrap_or_default();
    details
        .ask_delete()
        .await?
        .accept()
        .await
        .context("step: delete from details")?;
    TaskList::wait_loaded(h)
        .await
        .context("step: deleting from details returns to the list")?;

    // The deleted task's address, a made-up id and a non-number all say not found.
    for missing in [
        path.as_str(),
        "/tasks/details/99999",
        "/tasks/edit/99999",
        "/tasks/details/abc",
    ] {
        h.open(missing).await?;
        wait_shown(h, "not-found")
            .await
            .with_context(|| format!("step: {missing}"))?;
        ensure!(wait_error_page(h).await? == "404");
    }
    click_id(h, "error-back").await?;
    TaskList::wait_loaded(h)
        .await
        .context("step: the way back from not found")?;

    for code in ["401", "403", "404", "500", "503"] {
        h.open(&format!("/error/{code}")).await?;
        ensure!(wait_error_page(h).await? == code, "step: /error/{code}");
        shown(h, "error-back")
            .await
            .with_context(|| format!("step: /error/{code} way back"))?;
    }
    h.open("/no/such/page").await?;
    ensure!(wait_error_page(h).await? == "404", "step: unknown route");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_delete_and_failed_load_offer_another_try() -> Result<()> {
    let h = Harness::start("task_failures", |_| {}).await?;
    let outcome = failures_journey(&h).await;
    h.finish_with(outcome).await
}

async fn failures_journey(h: &Harness) -> Result<()> {
    let list = sign_in_to_tasks(h).await?;
    list.wait_rows("the seeded rows", |rows| rows.len() == 6)
        .await?;

    // A delete the server fails: the dialog stays open with the reason, and confirming again
    // deletes (a DELETE is never retried behind the user's back).
    fail_next_api_call(h, 500, "the task store failed").await?;
    list.ask_delete("Water the garden").await?;
    click_id(h, "confirm-accept").await?;
    let error = wait_shown(h, "confirm-error")
        .await
        .context("step: the failed delete is explained in the dialog")?
        .text()
        .await?;
    ensure!(error.contains("Could not delete"), "{error}");
    ConfirmDialog::wait_open(h).await?.accept().await?;
    list.wait_rows("the list without the deleted task", |rows| {
        rows.len() == 5 && !rows.iter().any(|r| r.contains("Water the garden"))
    })
    .await
    .context("step: confirming again deletes")?;

    // A task that cannot be loaded (the server keeps failing through the silent retries): the
    // page says so and "Try again" loads it once the server is back.
    h.hooks().inject_api_fault(503, 3).await?;
    click(
        h,
        &list
            .row("Library doors open")
            .await?
            .find(testid("task-open"))
            .await?,
    )
    .await?;
    wait_shown(h, "task-load-error")
        .await
        .context("step: the failed load is explained")?;
    click_id(h, "task-load-retry").await?;
    let details = TaskDetails::wait_shown(h).await?;
    details
        .wait_field("time", "09:00")
        .await
        .context("step: Try again loads the task")?;
    // The details say a task's days in the list's words.
    let days = details.field("days").await?;
    ensure!(days == "Weekdays", "step: Monday to Friday reads {days:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_narrows_the_list_by_name_day_and_hour() -> Result<()> {
    let h = Harness::start("task_search", |_| {}).await?;
    let outcome = search_journey(&h).await;
    h.finish_with(outcome).await
}

async fn search_journey(h: &Harness) -> Result<()> {
    let list = sign_in_to_tasks(h).await?;
    let all = list
        .wait_rows("the seeded rows", |rows| rows.len() == 6)
        .await?;
    list.search("LIGHTS").await?;
    let rows = list
        .wait_rows("only tasks named like lights", |rows| rows.len() == 1)
        .await
        .context("step: search by name")?;
    ensure!(rows[0].contains("Street lights off"), "{rows:?}");
    list.search("sat").await?;
    list.wait_rows("tasks that run on Saturday", |rows| {
        rows.len() == 3 && rows.iter().any(|r| r.contains("Night bus display"))
    })
    .await
    .context("step: search by day")?;
    list.search("9").await?;
    list.wait_rows("tasks at 9 o'clock", |rows| {
        rows.len() == 1 && rows[0].contains("Library doors open")
    })
    .await
    .context("step: search by hour")?;
    list.search("zebra").await?;
    wait_shown(h, "tasks-no-match")
        .await
        .context("step: nothing matches")?;
    list.search("").await?;
    list.wait_rows("every row again", |rows| rows == all.as_slice())
        .await?;
    // The first task (05:10) runs on Saturdays, so the first row shows the same task before
    // and after this search: it must still announce the new list size to screen readers.
    list.search("sat").await?;
    list.wait_rows("tasks that run on Saturday", |rows| rows.len() == 3)
        .await?;
    wait_until("every row to say it is one of 3", h.timeout(), async || {
        Ok(set_sizes(h).await? == ["3", "3", "3"])
    })
    .await
    .with_context(|| "step: aria-setsize follows the search")?;
    Ok(())
}

/// The `aria-setsize` of every task row on screen, in order.
async fn set_sizes(h: &Harness) -> Result<Vec<String>> {
    let mut sizes = Vec::new();
    for row in h.driver().find_all(testid("task-row")).await? {
        sizes.push(row.attr("aria-setsize").await?.unwrap_or_default());
    }
    Ok(sizes)
}

/// Not a pass/fail benchmark but a measurement with generous limits: prints how 5,000 tasks
/// behave (data arrival to rows painted, per-keystroke search cost, scrolling frames).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_thousand_tasks_render_and_search_smoothly() -> Result<()> {
    let h = Harness::start("task_scale", |_| {}).await?;
    let outcome = scale_journey(&h).await;
    h.finish_with(outcome).await
}

async fn scale_journey(h: &Harness) -> Result<()> {
    let total = seed_tasks(h, 5000).await?;
    sign_in_to_tasks(h).await?;
    h.open("/home").await?;
    wait_shown(h, "nav-tasks").await?;
    // Watch for the first row from just before the in-app navigation.
    h.driver()
        .execute(
            "window.__rows = null; window.__longTasks = [];
             new PerformanceObserver(l => window.__longTasks.push(...l.getEntries().map(e => e.duration)))
               .observe({type: 'longtask', buffered: false});
             new MutationObserver((_, o) => {
               if (document.querySelector('[data-testid=task-row]')) {
                 requestAnimationFrame(() => { window.__rows = performance.now(); });
                 o.disconnect();
               }
             }).observe(document.body, {childList: true, subtree: true});
             performance.clearResourceTimings();",
            Vec::new(),
        )
        .await?;
    shown(h, "nav-tasks").await?.click().await?;
    TaskList::wait_loaded(h).await?;
    let timing = h
        .wait_for("the first rows and the list fetch timing", async || {
            let value = h
                .driver()
                .execute(
                    "const f = performance.getEntriesByType('resource')
                        .filter(e => e.name.endsWith('/tasks')).pop();
                     if (!f || window.__rows === null) return null;
                     return { responseEnd: f.responseEnd, fetchStart: f.startTime, rows: window.__rows,
                              transfer: f.transferSize || f.encodedBodySize || 0,
                              dom: document.querySelectorAll('[data-testid=task-row]').length };",
                    Vec::new(),
                )
                .await?;
            Ok((!value.json().is_null()).then(|| value.json().clone()))
        })
        .await?;
    let number = |v: &Value, k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(f64::NAN);
    let render_ms = number(&timing, "rows") - number(&timing, "responseEnd");
    let fetch_ms = number(&timing, "responseEnd") - number(&timing, "fetchStart");
    let dom_rows = number(&timing, "dom");

    // Each keystroke: the synchronous input handler, and the time until the filtered rows are
    // in the DOM and a frame has been produced.
    let typing = h
        .driver()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const input = document.querySelector('[data-testid=task-search]');
             const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
             (async () => {
               const out = [];
               window.__longTasks = [];
               for (const text of ['p','pu','pum','pump','pump ','pump 1','pump 12','pump 1','pump','mon','7','']) {
                 const t0 = performance.now();
                 input.value = text;
                 input.dispatchEvent(new Event('input', {bubbles: true}));
                 const t1 = performance.now();
                 await frame();
                 const t2 = performance.now();
                 out.push({ text, handler: t1 - t0, frame: t2 - t0,
                            rows: document.querySelectorAll('[data-testid=task-row]').length,
                            count: document.querySelector('[data-testid=task-count]').textContent });
               }
               done({ keys: out, longTasks: window.__longTasks.slice() });
             })();",
            Vec::new(),
        )
        .await?;
    let typing = typing.json().clone();

    // Scrolling: jump through the list one screen per frame and record frame gaps.
    let scrolling = h
        .driver()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               window.__longTasks = [];
               const gaps = []; let last = performance.now();
               for (let i = 0; i < 120; i++) {
                 window.scrollBy(0, 900);
                 await new Promise(r => requestAnimationFrame(r));
                 const now = performance.now(); gaps.push(now - last); last = now;
               }
               const rows = document.querySelectorAll('[data-testid=task-row]').length;
               const text = [...document.querySelectorAll('[data-testid=task-row]')]
                   .filter(r => { const b = r.getBoundingClientRect(); return b.bottom > 0 && b.top < innerHeight; }).length;
               gaps.sort((a, b) => a - b);
               done({ median: gaps[60], p95: gaps[114], max: gaps[119], rows, onScreen: text,
                      longTasks: window.__longTasks.slice() });
             })();",
            Vec::new(),
        )
        .await?;
    let scrolling = scrolling.json().clone();

    let keys = typing
        .get("keys")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let handler_max = keys
        .iter()
        .map(|k| number(k, "handler"))
        .fold(0.0, f64::max);
    let frame_max = keys.iter().map(|k| number(k, "frame")).fold(0.0, f64::max);
    let frame_mean =
        keys.iter().map(|k| number(k, "frame")).sum::<f64>() / keys.len().max(1) as f64;
    println!(
        "5,000-task measurement ({total} tasks in the API)\n\
         list fetch: {fetch_ms:.0} ms; data arrival (responseEnd) to first rows painted: {render_ms:.0} ms; \
         rows in the DOM: {dom_rows}\n\
         search keystrokes: input handler max {handler_max:.2} ms; to filtered rows + next frame: \
         mean {frame_mean:.1} ms, max {frame_max:.1} ms; long tasks while typing: {}\n\
         per keystroke: {}\n\
         scrolling 120 frames x 900 px: {}",
        typing
            .get("longTasks")
            .map(Value::to_string)
            .unwrap_or_default(),
        keys.iter()
            .map(|k| format!(
                "{:?}: handler {:.2} ms, frame {:.1} ms, {} rows, {}",
                k.get("text").and_then(Value::as_str).unwrap_or(""),
                number(k, "handler"),
                number(k, "frame"),
                number(k, "rows"),
                k.get("count").and_then(Value::as_str).unwrap_or("")
            ))
            .collect::<Vec<_>>()
            .join("; "),
        scrolling
    );
    ensure!(total >= 5000, "the seed did not add 5,000 tasks");
    ensure!(
        dom_rows < 100.0,
        "{dom_rows} rows in the DOM: the list is not virtualised"
    );
    ensure!(
        render_ms < 3000.0,
        "rows took {render_ms:.0} ms after the data arrived"
    );
    ensure!(
        handler_max < 50.0,
        "a keystroke blocked the input for {handler_max:.1} ms"
    );
    ensure!(
        number(&scrolling, "onScreen") > 0.0,
        "scrolling left the screen empty: {scrolling}"
    );
    Ok(())
}

async fn count_calls(h: &Harness, method: &str) -> Result<usize> {
    Ok(h.api_requests()
        .await?
        .iter()
        .filter(|r| r.method == method)
        .count())
}

async fn last_call(h: &Harness, method: &str) -> Result<Option<e2e::ApiRequest>> {
    Ok(h.api_requests()
        .await?
        .into_iter()
        .rev()
        .find(|r| r.method == method && r.status < 500 && !r.preflight))
}

async fn element_text_when_shown(h: &Harness, id: &str) -> Result<String> {
    let element = wait_shown(h, id).await?;
    e2e::browser::element_text(&element).await
}

/// Not a check: saves screenshots of the task pages (desktop, phone, dark) to `$E2E_ARTIFACTS`
/// for looking at the design and for the README. Run with `--ignored screenshots`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "produces screenshots for people to look at"]
async fn screenshots() -> Result<()> {
    let h = Harness::start("shots", |_| {}).await?;
    let outcome = take_screenshots(&h).await;
    h.finish_with(outcome).await
}

async fn take_screenshots(h: &Harness) -> Result<()> {
    let list = sign_in_to_tasks(h).await?;
    list.wait_rows("the seeded rows", |rows| rows.len() == 6)
        .await?;
    for scheme in Scheme::BOTH {
        emulate_media(h.driver(), scheme, false).await?;
        for (width, height, device) in [(1200, 860, "desktop"), (390, 844, "phone")] {
            if device == "phone" {
                phone(h.driver(), width, height).await?;
            } else {
                desktop(h.driver()).await?;
                h.driver().set_window_rect(0, 0, width, height).await?;
            }
            let label = |page: &str| format!("{page}-{device}-{}", scheme.name());
            h.open("/tasks").await?;
            let list = TaskList::wait_loaded(h).await?;
            list.wait_rows("rows", |rows| rows.len() == 6).await?;
            h.screenshot(&label("list")).await?;
            let form = list.click_new().await?;
            form.fill("name", "Harbour lights on").await?;
            form.fill("description", "Switch on").await?;
            form.fill("hour", "19").await?;
            form.fill("minute", "30").await?;
            form.toggle_day("FRI").await?;
            form.toggle_day("SAT").await?;
            // Leaving the description shows its message, as a user would see it.
            click_id(h, "field-hour").await?;
            form.wait_error("description", "10 to 150").await?;
            h.driver()
                .execute("window.scrollTo(0, 0)", Vec::new())
                .await?;
            h.screenshot(&label("form")).await?;
            form.fill("description", "").await?;
            h.open("/tasks").await?;
            let list = TaskList::wait_loaded(h).await?;
            let details = list.open("Fountain pumps on").await?;
            h.screenshot(&label("details")).await?;
            let dialog = details.ask_delete().await?;
            h.screenshot(&label("dialog")).await?;
            dialog.cancel().await?;
        }
    }
    Ok(())
}
