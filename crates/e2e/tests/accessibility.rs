//! Accessibility, phone and keyboard: axe-core finds nothing on every page and state the suite
//! visits, in light and dark; nothing scrolls sideways at 320 px and every control is a 44 px
//! target on a touch screen; rows keep their text at 200% text size; focus never falls to the
//! page after a delete; the search lives in the address; Back restores the list's scroll; every
//! page has its own title. Each test owns its stack and browser.

use anyhow::{Context, Result, ensure};
use e2e::task_pages::{
    TaskDetails, TaskList, click_id, seed_tasks, shown, sign_in_to_tasks, wait_error_page,
    wait_shown,
};
use e2e::viewport::{Scheme, desktop, emulate_media, matches_media, phone, text_size};
use e2e::{Harness, HomePage, axe};
use serde_json::Value;
use thirtyfour::prelude::*;

/// Runs `journey` on a fresh harness and always stops it.
async fn with_harness(name: &str, journey: impl AsyncFnOnce(&Harness) -> Result<()>) -> Result<()> {
    let h = Harness::start(name, |_| {}).await?;
    let outcome = journey(&h).await;
    h.finish_with(outcome).await
}

/// The value a script returns.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_violations_on_any_page_in_light_or_dark() -> Result<()> {
    with_harness("axe", axe_journey).await
}

async fn axe_journey(h: &Harness) -> Result<()> {
    // Signed out: the landing page.
    let home = HomePage::open(h).await?;
    home.wait_signed_out().await?;
    for scheme in Scheme::BOTH {
        emulate_media(h.driver(), scheme, false).await?;
        ensure!(
            matches_media(
                h.driver(),
                &format!("(prefers-color-scheme: {})", scheme.name())
            )
            .await?,
            "the {} scheme is not emulated",
            scheme.name()
        );
        axe::check(h.driver(), &format!("the landing page ({})", scheme.name())).await?;
    }

    sign_in_to_tasks(h).await?;
    for scheme in Scheme::BOTH {
        emulate_media(h.driver(), scheme, false).await?;
        let state = |page: &str| format!("{page} ({})", scheme.name());
        h.open("/tasks").await?;
        let list = TaskList::wait_loaded(h).await?;
        list.wait_rows("the seeded rows", |rows| rows.len() == 6)
            .await?;
        axe::check(h.driver(), &state("the list")).await?;
        list.search("zebra").await?;
        wait_shown(h, "tasks-no-match").await?;
        axe::check(h.driver(), &state("the list with no match")).await?;
        list.search("").await?;

        let details = list.open("Fountain pumps on").await?;
        axe::check(h.driver(), &state("the details")).await?;
        let dialog = details.ask_delete().await?;
        axe::check(h.driver(), &state("the delete dialog")).await?;
        dialog.cancel().await?;

        h.open("/tasks/create").await?;
        let form = e2e::task_pages::TaskForm::wait_shown(h, "/tasks/create").await?;
        form.save().await?;
        form.wait_error("name", "Enter a name").await?;
        axe::check(h.driver(), &state("the form with errors")).await?;

        for (path, code) in [
            ("/error/500", "500"),
            ("/error/403", "403"),
            ("/no/such/page", "404"),
        ] {
            h.open(path).await?;
            ensure!(wait_error_page(h).await? == code, "{path}");
            axe::check(h.driver(), &state(&format!("the error page {path}"))).await?;
        }
    }

    // A list with nothing in it, then a session that has ended.
    empty_the_list(h).await?;
    for scheme in Scheme::BOTH {
        emulate_media(h.driver(), scheme, false).await?;
        h.open("/tasks").await?;
        wait_shown(h, "tasks-empty").await?;
        axe::check(h.driver(), &format!("the empty list ({})", scheme.name())).await?;
    }
    h.hooks().inject_api_fault(401, 2).await?;
    h.reload().await?;
    wait_shown(h, "session-ended").await?;
    for scheme in Scheme::BOTH {
        emulate_media(h.driver(), scheme, false).await?;
        axe::check(
            h.driver(),
            &format!("the session-ended notice ({})", scheme.name()),
        )
        .await?;
    }

    // Asking for less motion stops the spinner and the fades.
    emulate_media(h.driver(), Scheme::Light, true).await?;
    let spinner = h
        .eval(
            "const s = document.createElement('div'); s.className = 'spinner';
         document.body.append(s);
         const style = getComputedStyle(s);
         const out = [style.animationIterationCount, style.animationDuration];
         s.remove(); return out;",
        )
        .await?;
    ensure!(
        spinner[0] == "1",
        "prefers-reduced-motion still spins: {spinner}"
    );
    Ok(())
}

/// Deletes every task through the API, as another user might have.
async fn empty_the_list(h: &Harness) -> Result<()> {
    let token = h.access_token().await?;
    let client = reqwest::Client::new();
    let base = &h.urls().api_base;
    let tasks: Value = client
        .get(format!("{base}/tasks"))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    for id in tasks
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("id").and_then(Value::as_i64))
    {
        let status = client
            .delete(format!("{base}/task/{id}"))
            .bearer_auth(&token)
            .send()
            .await?
            .status();
        ensure!(status.is_success(), "DELETE task/{id} answered {status}");
    }
    Ok(())
}

/// The page's width against the window's, and (to explain a failure) the elements that stick
/// out of its right edge; those inside a clipping box (an ellipsis) do not widen the page.
const SIDEWAYS_JS: &str = "
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > innerWidth + 0.5 && getComputedStyle(el).position !== 'fixed')
      out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
  }
  return { scroll: document.documentElement.scrollWidth, inner: innerWidth, out: out.slice(0, 8) };";

/// Controls on screen smaller than 44 x 44 CSS pixels (the skip link waits off screen).
const SMALL_TARGETS_JS: &str = "
  const out = [];
  for (const el of document.querySelectorAll('a[href], button, input, textarea, select')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom < 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (r.width < 44 || r.height < 44)
      out.push(`${el.tagName.toLowerCase()}[${el.dataset.testid || el.className || el.textContent.trim()}] ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return out;";

async fn check_phone_page(h: &Harness, page: &str) -> Result<()> {
    let sideways = h.eval(SIDEWAYS_JS).await?;
    let (scroll, inner) = (&sideways["scroll"], &sideways["inner"]);
    ensure!(
        scroll
            .as_f64()
            .zip(inner.as_f64())
            .is_some_and(|(scroll, inner)| scroll <= inner),
        "{page} at {inner} px scrolls sideways (document {scroll} px wide): {}",
        sideways["out"]
    );
    let small = h.eval(SMALL_TARGETS_JS).await?;
    ensure!(
        small.as_array().is_some_and(Vec::is_empty),
        "{page}: tap targets under 44 x 44 px on a touch screen: {small}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_320_px_wide_never_scrolls_sideways_and_every_target_is_44_px() -> Result<()> {
    with_harness("phone", phone_journey).await
}

async fn phone_journey(h: &Harness) -> Result<()> {
    phone(h.driver(), 320, 640).await?;
    let home = HomePage::open(h).await?;
    home.wait_signed_out().await?;
    ensure!(
        matches_media(h.driver(), "(pointer: coarse)").await?,
        "the touch screen is not emulated"
    );
    ensure!(
        h.eval("return innerWidth").await? == 320,
        "the window is not 320 px wide"
    );
    check_phone_page(h, "the landing page").await?;

    let list = sign_in_to_tasks(h).await?;
    list.wait_rows("the seeded rows", |rows| rows.len() == 6)
        .await?;
    check_phone_page(h, "the list").await?;
    // Both row actions are on screen in every row.
    let actions = h
        .eval(
            "return [...document.querySelectorAll('[data-testid=task-row]')].map(row =>
           ['task-edit', 'task-delete'].every(id => {
             const el = row.querySelector(`[data-testid=${id}]`);
             const r = el && el.getBoundingClientRect();
             return !!r && r.width >= 44 && r.left >= 0 && r.right <= innerWidth;
           }));",
        )
        .await?;
    ensure!(
        actions
            .as_array()
            .is_some_and(|rows| rows.len() == 6 && rows.iter().all(|r| r == true)),
        "Edit and Delete are not both reachable in every row: {actions}"
    );
    let details = list.open("Water the garden").await?;
    check_phone_page(h, "the details").await?;
    let dialog = details.ask_delete().await?;
    check_phone_page(h, "the delete dialog").await?;
    dialog.cancel().await?;
    h.open("/tasks/create").await?;
    let form = e2e::task_pages::TaskForm::wait_shown(h, "/tasks/create").await?;
    form.save().await?;
    form.wait_error("name", "Enter a name").await?;
    check_phone_page(h, "the form with errors").await?;
    h.open("/error/503").await?;
    wait_error_page(h).await?;
    check_phone_page(h, "an error page").await?;

    // A 390 px phone: the New task button stays on screen and the placeholder shows whole.
    for width in [320, 390] {
        phone(h.driver(), width, 844).await?;
        h.open("/tasks").await?;
        TaskList::wait_loaded(h).await?;
        let fit = h.eval("const b = document.querySelector('[data-testid=task-new]').getBoundingClientRect();
             const s = document.querySelector('[data-testid=task-search]');
             const style = getComputedStyle(s);
             const ctx = document.createElement('canvas').getContext('2d');
             ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
             const text = ctx.measureText(s.placeholder).width;
             const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
             return { button: b.right <= innerWidth && b.left >= 0, text, room };",
        )
        .await?;
        ensure!(
            fit["button"] == true,
            "at {width} px the New task button runs off: {fit}"
        );
        ensure!(
            fit["text"]
                .as_f64()
                .zip(fit["room"].as_f64())
                .is_some_and(|(text, room)| text <= room),
            "at {width} px the search placeholder is cut: {fit}"
        );
    }

    // The README's phone pictures, light and dark.
    phone(h.driver(), 390, 844).await?;
    for scheme in Scheme::BOTH {
        emulate_media(h.driver(), scheme, false).await?;
        h.open("/tasks").await?;
        TaskList::wait_loaded(h)
            .await?
            .wait_rows("the seeded rows", |rows| rows.len() == 6)
            .await?;
        h.readme_screenshot(&format!("tasks-list-phone-{}", scheme.name()))
            .await?;
    }
    desktop(h.driver()).await?;
    emulate_media(h.driver(), Scheme::Dark, false).await?;
    h.open("/tasks").await?;
    TaskList::wait_loaded(h).await?;
    h.readme_screenshot("tasks-list-dark").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_200_percent_text_rows_grow_and_nothing_is_clipped() -> Result<()> {
    with_harness("text_200", text_journey).await
}

async fn text_journey(h: &Harness) -> Result<()> {
    sign_in_to_tasks(h).await?;
    text_size(h.driver(), 200).await?;
    h.reload().await?;
    let list = TaskList::wait_loaded(h).await?;
    list.wait_rows("the seeded rows", |rows| rows.len() == 6)
        .await?;
    let mut last = Value::Null;
    let measured = h
        .wait_for("rows laid out at the larger text size", async || {
            last = h.eval("const rows = [...document.querySelectorAll('[data-testid=task-row]')];
                 const font = parseFloat(getComputedStyle(document.documentElement).fontSize);
                 const clipped = [];
                 let previous = null;
                 for (const row of rows) {
                   const r = row.getBoundingClientRect();
                   if (previous && r.top < previous.bottom - 1) clipped.push(`rows overlap at ${Math.round(r.top)}`);
                   previous = r;
                   if (row.scrollHeight > row.clientHeight + 1) clipped.push(`row ${row.textContent} overflows`);
                   for (const el of row.querySelectorAll('.task-time, .task-name, .task-days, .icon-button')) {
                     const e = el.getBoundingClientRect();
                     if (el.scrollHeight > el.clientHeight + 1 || e.top < r.top - 1 || e.bottom > r.bottom + 1)
                       clipped.push(`${el.className}: ${el.textContent}`);
                   }
                 }
                 return { font, height: rows[0] && rows[0].getBoundingClientRect().height, clipped };",
            )
            .await?;
            let fits = last["clipped"].as_array().is_some_and(Vec::is_empty);
            Ok(fits.then(|| last.clone()))
        })
        .await
        .with_context(|| format!("rows clip their text at 200%: {last}"))?;
    ensure!(
        measured["font"].as_f64() == Some(32.0),
        "the text size is not 200%: {measured}"
    );
    ensure!(
        measured["height"].as_f64().is_some_and(|h| h >= 140.0),
        "rows did not grow with the text: {measured}"
    );
    Ok(())
}

/// What has the focus: `row:<its text>`, `#<id>`, or the tag (`body`).
const FOCUS_JS: &str = "
  const a = document.activeElement;
  if (!a || a === document.body) return 'body';
  const row = a.closest('[data-testid=task-row]');
  if (row) return 'row:' + row.textContent;
  return a.id ? '#' + a.id : a.tagName.toLowerCase();";

async fn wait_focus(h: &Harness, what: &str, ok: impl Fn(&str) -> bool) -> Result<()> {
    let mut last = String::new();
    let waited = h
        .wait_until(what, async || {
            last = h
                .eval(FOCUS_JS)
                .await?
                .as_str()
                .unwrap_or_default()
                .to_owned();
            Ok(ok(&last))
        })
        .await;
    waited.with_context(|| format!("the focus is on {last}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_skips_to_the_page_and_focus_follows_a_delete() -> Result<()> {
    with_harness("keyboard", keyboard_journey).await
}

async fn keyboard_journey(h: &Harness) -> Result<()> {
    let list = sign_in_to_tasks(h).await?;
    list.wait_rows("the seeded rows", |rows| rows.len() == 6)
        .await?;

    // The skip link is the first control, shows when focused, and moves the focus to <main>.
    let first = h
        .eval("return document.querySelector('a[href], button, input')?.dataset.testid;")
        .await?;
    ensure!(first == "skip-link", "the first control is {first}");
    h.eval("document.querySelector('[data-testid=skip-link]').focus(); return null;")
        .await?;
    let on_screen = h.eval("const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.height > 0;",
    )
    .await?;
    ensure!(on_screen == true, "the focused skip link is not on screen");
    h.driver()
        .active_element()
        .await?
        .send_keys(Key::Enter)
        .await?;
    wait_focus(h, "the focus on <main>", |f| f == "#main").await?;

    // After each delete the focus is on the row that took its place, then the last row, and
    // on the heading once nothing is left; never on the page itself.
    let steps = [
        ("Water the garden", "Street lights off"),
        ("Night bus display", "Recycling reminder"),
        ("Fountain pumps on", "Street lights off"),
        ("Street lights off", "Library doors open"),
        ("Library doors open", "Recycling reminder"),
    ];
    for (left, (delete, next)) in (1..=5).rev().zip(steps) {
        list.ask_delete(delete).await?.accept().await?;
        list.wait_rows(&format!("{left} rows"), |rows| rows.len() == left)
            .await?;
        wait_focus(
            h,
            &format!("the focus on {next} after deleting {delete}"),
            |f| f.starts_with("row:") && f.contains(next),
        )
        .await?;
    }
    list.ask_delete("Recycling reminder")
        .await?
        .accept()
        .await?;
    wait_shown(h, "tasks-empty").await?;
    wait_focus(h, "the focus on the heading once the list is empty", |f| {
        f == "#tasks-title"
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_is_in_the_address_and_back_restores_the_scroll() -> Result<()> {
    with_harness("search_url", search_url_journey).await
}

async fn search_url_journey(h: &Harness) -> Result<()> {
    let list = sign_in_to_tasks(h).await?;
    list.wait_rows("the seeded rows", |rows| rows.len() == 6)
        .await?;
    list.search("gar").await?;
    h.wait_until("?q=gar in the address", async || {
        Ok(h.app_location().await? == Some(("/tasks".into(), Some("q=gar".into()))))
    })
    .await?;
    let one_garden = |rows: &[String]| rows.len() == 1 && rows[0].contains("Water the garden");

    // A reload keeps the search: the box and the list.
    h.reload().await?;
    let list = TaskList::wait_loaded(h).await?;
    list.wait_rows("only the garden after a reload", one_garden)
        .await?;
    ensure!(
        search_box(h).await? == "gar",
        "the search box lost the search"
    );

    // Back from the task comes back to the search.
    list.open("Water the garden").await?;
    h.driver().back().await?;
    let list = TaskList::wait_loaded(h).await?;
    list.wait_rows("only the garden after Back", one_garden)
        .await?;
    ensure!(
        h.app_location().await? == Some(("/tasks".into(), Some("q=gar".into()))),
        "Back lost the search in the address"
    );
    ensure!(
        search_box(h).await? == "gar",
        "Back lost the search in the box"
    );
    list.search("").await?;
    h.wait_until("no ?q= once the search is empty", async || {
        Ok(h.app_location().await? == Some(("/tasks".into(), None)))
    })
    .await?;

    // A long list, scrolled far down: Back from a task returns to the same place.
    seed_tasks(h, 300).await?;
    h.open("/tasks").await?;
    TaskList::wait_loaded(h).await?;
    let before = h
        .eval("window.scrollTo(0, 6000); return scrollY;")
        .await?
        .as_f64()
        .unwrap_or_default();
    ensure!(
        before >= 5999.0,
        "the list is too short to scroll: {before}"
    );
    let opened = h
        .wait_for("a row in view to open", async || {
            let name = h.eval("const link = [...document.querySelectorAll('[data-testid=task-open]')]
                   .find(a => { const r = a.getBoundingClientRect(); return r.top > 100 && r.bottom < innerHeight - 100; });
                 if (!link) return null;
                 const name = link.textContent; link.click(); return name;",
            )
            .await?;
            Ok(name.as_str().map(str::to_owned))
        })
        .await?;
    let details = TaskDetails::wait_shown(h).await?;
    ensure!(
        details.field("name").await? == opened,
        "opened {opened:?} but the details show another task"
    );
    h.driver().back().await?;
    TaskList::wait_loaded(h).await?;
    let mut at = 0.0;
    h.wait_until("the list scrolled back to where it was", async || {
        at = h
            .eval("return scrollY;")
            .await?
            .as_f64()
            .unwrap_or_default();
        Ok((at - before).abs() <= 2.0)
    })
    .await
    .with_context(|| format!("scrolled to {at}, was {before}"))?;
    let row_on_screen = h
        .eval(&format!(
            "return [...document.querySelectorAll('[data-testid=task-open]')].some(a =>
               a.textContent === {opened:?} && a.getBoundingClientRect().bottom > 0 &&
               a.getBoundingClientRect().top < innerHeight);"
        ))
        .await?;
    ensure!(
        row_on_screen == true,
        "{opened:?} is not on screen after Back"
    );
    Ok(())
}

async fn search_box(h: &Harness) -> Result<String> {
    Ok(shown(h, "task-search")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_has_its_own_title() -> Result<()> {
    with_harness("titles", titles_journey).await
}

async fn wait_title(h: &Harness, expected: &str) -> Result<()> {
    let mut last = String::new();
    let waited = h
        .wait_until(&format!("the title {expected:?}"), async || {
            last = h.driver().title().await?;
            Ok(last == expected)
        })
        .await;
    waited.with_context(|| format!("the title is {last:?}"))
}

async fn titles_journey(h: &Harness) -> Result<()> {
    HomePage::open(h).await?.wait_signed_out().await?;
    wait_title(h, "City Tasks").await?;
    let list = sign_in_to_tasks(h).await?;
    wait_title(h, "Tasks · City Tasks").await?;
    list.click_new().await?;
    wait_title(h, "New task · City Tasks").await?;
    click_id(h, "task-cancel").await?;
    let list = TaskList::wait_loaded(h).await?;
    let details = list.open("Water the garden").await?;
    wait_title(h, "Water the garden · City Tasks").await?;
    details.edit().await?;
    wait_title(h, "Edit Water the garden · City Tasks").await?;
    h.open("/error/500").await?;
    wait_title(h, "Something went wrong · City Tasks").await?;
    h.open("/no/such/page").await?;
    wait_title(h, "Page not found · City Tasks").await?;
    h.open("/home").await?;
    wait_title(h, "City Tasks").await?;
    Ok(())
}
