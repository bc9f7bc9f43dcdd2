//! The user's language end to end: a Spanish browser gets Spanish from the first page (and the
//! Hosted UI is asked for it), the menu's switch is remembered across reloads and sign-ins,
//! and each locale keeps its own clock and first day of the week. The whole task journey in
//! Spanish is in `tasks.rs`.

use anyhow::{Context, Result, ensure};
use e2e::task_pages::{click, shown, sign_in_to_tasks, text_of, wait_leave_question};
use e2e::{Harness, HomePage, SignInPage, axe};
use local_stack::demo_user;
use thirtyfour::prelude::*;

/// The preference the menu's switch writes (src/i18n/current.rs).
const PREFERENCE_KEY: &str = "city-tasks.language";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spanish_browser_gets_spanish_and_a_spanish_sign_in_page() -> Result<()> {
    let h = Harness::start_in_languages("lang_spanish", &["es-ES", "es", "en"], |_| {}).await?;
    let outcome = spanish_journey(&h).await;
    h.finish_with(outcome).await
}

async fn spanish_journey(h: &Harness) -> Result<()> {
    HomePage::open(h).await?;
    wait_text(h, "login", "Iniciar sesión")
        .await
        .context("step: the menu's Login is in Spanish")?;
    ensure!(
        page_lang(h).await? == "es-ES",
        "step: <html lang> is {:?}",
        page_lang(h).await?
    );
    axe::check(h.driver(), "the landing page in Spanish").await?;
    let list = sign_in_to_tasks(h).await.context("step: sign in")?;
    let asked = h
        .last_authorize()
        .await?
        .context("step: no authorize request recorded")?;
    ensure!(
        asked.lang.as_deref() == Some("es"),
        "step: the Hosted UI was asked for {:?}",
        asked.lang
    );
    ensure!(
        h.driver().title().await? == "Tareas · City Tasks",
        "step: the list's title is {:?}",
        h.driver().title().await?
    );
    let count = text_of(h, "task-count").await?;
    ensure!(
        count.ends_with(" tareas"),
        "step: the count reads {count:?}"
    );
    axe::check(h.driver(), "the list in Spanish").await?;
    h.readme_screenshot("tasks-list-es").await?;
    // Spain's weeks start on Monday, and the chips are named in Spanish.
    list.click_new().await.context("step: New task")?;
    let chips = day_chips(h).await?;
    ensure!(
        chips.first().map(|(code, _, _)| code.as_str()) == Some("day-MON"),
        "step: the chips start with {chips:?}"
    );
    ensure!(
        chips[0].1 == "lun" && chips[0].2 == "lunes",
        "step: Monday's chip reads {:?}",
        chips[0]
    );
    axe::check(h.driver(), "the form in Spanish").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_menus_switch_is_remembered_and_the_hosted_ui_follows_it() -> Result<()> {
    let h = Harness::start("lang_switch", |_| {}).await?;
    let outcome = switch_journey(&h).await;
    h.finish_with(outcome).await
}

async fn switch_journey(h: &Harness) -> Result<()> {
    let home = HomePage::open(h).await?;
    wait_text(h, "login", "Login").await?;
    choose_language(h, "es").await?;
    wait_text(h, "login", "Iniciar sesión")
        .await
        .context("step: choosing Español shows the page in Spanish")?;
    ensure!(
        page_lang(h).await? == "es",
        "step: <html lang> after the switch"
    );
    let stored = h.local_storage_entries().await?;
    ensure!(
        stored == vec![(PREFERENCE_KEY.to_owned(), "es".to_owned())],
        "step: localStorage holds {stored:?}, only the language should be there"
    );
    h.reload().await?;
    wait_text(h, "login", "Iniciar sesión")
        .await
        .context("step: the choice outlives a reload")?;

    // The sign-in page is asked in the chosen language, and the app stays in it after.
    home.click_login().await?;
    SignInPage::wait_shown(h)
        .await?
        .sign_in_as(&demo_user())
        .await?;
    wait_text(h, "logout", "Cerrar sesión")
        .await
        .context("step: signed in, still in Spanish")?;
    let asked = h.last_authorize().await?.context("step: no authorize")?;
    ensure!(
        asked.lang.as_deref() == Some("es"),
        "step: the Hosted UI was asked for {:?}",
        asked.lang
    );

    // And back to English.
    choose_language(h, "en").await?;
    wait_text(h, "logout", "Sign out")
        .await
        .context("step: choosing English switches back, still signed in")?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_with_unsaved_changes_asks_once_and_staying_keeps_the_form() -> Result<()> {
    let h = Harness::start("lang_unsaved", |_| {}).await?;
    let outcome = unsaved_journey(&h).await;
    h.finish_with(outcome).await
}

async fn unsaved_journey(h: &Harness) -> Result<()> {
    let list = sign_in_to_tasks(h).await?;
    let form = list.click_new().await?;
    form.fill("name", "Half-typed task").await?;

    // Staying: the form, its text and the language are as they were.
    choose_language(h, "es").await?;
    let question = wait_leave_question(h, "the leave question").await?;
    ensure!(
        question.contains("unsaved changes"),
        "step: the question was {question:?}"
    );
    h.driver().dismiss_alert().await?;
    ensure!(
        form.value("name").await? == "Half-typed task"
            && text_of(h, "task-save").await? == "Save task",
        "step: staying keeps the form, in English"
    );
    let selected = h
        .driver()
        .execute(
            "return document.querySelector('[data-testid=language-switch]').value;",
            Vec::new(),
        )
        .await?
        .convert::<String>()?;
    ensure!(
        selected == "en",
        "step: the switch shows {selected:?} after staying"
    );

    // Leaving: one question (the app's), then the page in Spanish, with no second prompt from
    // the reload (a `beforeunload` dialog would hold the page and fail the wait).
    choose_language(h, "es").await?;
    wait_leave_question(h, "the leave question again").await?;
    h.driver().accept_alert().await?;
    wait_text(h, "task-save", "Guardar tarea")
        .await
        .context("step: agreeing shows the form in Spanish")?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn us_english_reads_a_12_hour_clock_and_weeks_from_sunday() -> Result<()> {
    let h = Harness::start_in_languages("lang_en_us", &["en-US", "en"], |_| {}).await?;
    let outcome = us_journey(&h).await;
    h.finish_with(outcome).await
}

async fn us_journey(h: &Harness) -> Result<()> {
    let list = sign_in_to_tasks(h).await?;
    let rows = list
        .wait_rows("rows on a 12-hour clock", |rows| !rows.is_empty())
        .await?;
    ensure!(
        rows.iter()
            .all(|row| row.contains(" AM") || row.contains(" PM")),
        "step: US rows should read AM/PM: {rows:#?}"
    );
    list.click_new().await?;
    let chips = day_chips(h).await?;
    let order: Vec<&str> = chips.iter().map(|(code, _, _)| code.as_str()).collect();
    ensure!(
        order
            == [
                "day-SUN", "day-MON", "day-TUE", "day-WED", "day-THU", "day-FRI", "day-SAT"
            ],
        "step: US weeks start on Sunday: {order:?}"
    );
    ensure!(chips[0].2 == "Sunday", "step: {:?}", chips[0]);
    Ok(())
}

/// Picks a language in the menu's switch.
async fn choose_language(h: &Harness, code: &str) -> Result<()> {
    let option = shown(h, "language-switch")
        .await?
        .find(By::Css(format!("option[value='{code}']")))
        .await
        .with_context(|| format!("the switch has no {code}"))?;
    click(h, &option).await
}

/// Waits for the element `id` to read `text` (a reload may come in between).
async fn wait_text(h: &Harness, id: &str, text: &str) -> Result<()> {
    h.wait_until(&format!("{id} to read {text:?}"), async || {
        Ok(text_of(h, id).await.unwrap_or_default() == text)
    })
    .await
}

/// `<html lang>`.
async fn page_lang(h: &Harness) -> Result<String> {
    let value = h
        .driver()
        .execute("return document.documentElement.lang;", Vec::new())
        .await?;
    Ok(value.convert()?)
}

/// The form's day chips in page order: test id, visible label, the full name screen readers
/// read.
async fn day_chips(h: &Harness) -> Result<Vec<(String, String, String)>> {
    h.wait_until("the day chips", async || {
        Ok(!h
            .driver()
            .find_all(By::Css(".chips .chip"))
            .await?
            .is_empty())
    })
    .await?;
    let chips = h
        .driver()
        .execute(
            "return [...document.querySelectorAll('.chips .chip')].map(chip => [
                chip.dataset.testid,
                chip.querySelector('[aria-hidden=true]')?.textContent ?? '',
                chip.querySelector('.visually-hidden')?.textContent ?? '',
            ]);",
            Vec::new(),
        )
        .await?;
    let chips: Vec<(String, String, String)> = chips.convert()?;
    Ok(chips)
}
