//! Page objects for the task pages: the list (search, rows, row actions), the form, the details
//! view, the delete confirmation and the error pages; plus the Tasks API test hooks they need.

use anyhow::{Context, Result, anyhow, bail};
use local_stack::demo_user;
use serde_json::json;
use thirtyfour::prelude::*;

use crate::browser::{all_displayed, element_text, first_displayed, testid};
use crate::{Harness, SignInPage};

/// Signs in as the demo user through `/tasks` and waits for the list to finish loading.
pub async fn sign_in_to_tasks(h: &Harness) -> Result<TaskList<'_>> {
    h.open("/tasks").await?;
    SignInPage::wait_shown(h)
        .await?
        .sign_in_as(&demo_user())
        .await?;
    TaskList::wait_loaded(h).await
}

/// Adds `count` generated tasks through the local stack's `POST /__test/seed`; returns the total.
pub async fn seed_tasks(h: &Harness, count: usize) -> Result<u64> {
    h.hooks().seed_tasks(count).await
}

/// Makes the next Tasks API request fail with `status` and a 2022-style error body.
pub async fn fail_next_api_call(h: &Harness, status: u16, message: &str) -> Result<()> {
    let body = json!({ "exceptionType": "ValidationException", "code": status, "error": message });
    h.hooks()
        .inject_api_fault_with_body(status, 1, &body.to_string())
        .await
}

/// The first displayed element for a test id, or an error naming it.
pub async fn shown(h: &Harness, id: &str) -> Result<WebElement> {
    first_displayed(h.driver(), testid(id))
        .await?
        .ok_or_else(|| anyhow!("[data-testid={id}] is not shown"))
}

/// Clicks an element as a user would: toasts that might cover it are dismissed first, and it is
/// scrolled to the middle of the window.
pub async fn click(h: &Harness, element: &WebElement) -> Result<()> {
    dismiss_toasts(h).await?;
    h.driver()
        .execute(
            "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
            vec![element.to_json()?],
        )
        .await?;
    element.click().await.context("clicking")
}

/// Closes every toast that is showing.
pub async fn dismiss_toasts(h: &Harness) -> Result<()> {
    for toast in all_displayed(h.driver(), testid("toast")).await? {
        if let Ok(close) = toast.find(By::Css("button")).await {
            // A toast may expire between finding and clicking it; that is fine.
            let _ = close.click().await;
        }
    }
    Ok(())
}

/// Clicks the displayed element with a test id.
pub async fn click_id(h: &Harness, id: &str) -> Result<()> {
    let element = shown(h, id).await?;
    click(h, &element)
        .await
        .with_context(|| format!("clicking [data-testid={id}]"))
}

/// Waits until a test id is displayed and returns it.
pub async fn wait_shown(h: &Harness, id: &str) -> Result<WebElement> {
    h.wait_for(&format!("[data-testid={id}] to be shown"), async || {
        first_displayed(h.driver(), testid(id)).await
    })
    .await
}

/// The trimmed text of a displayed test id ("" when it is not shown).
/// Waits for the browser's leave question (the unsaved-changes `confirm`) and returns its
/// text, leaving it open for the caller to accept or dismiss.
pub async fn wait_leave_question(h: &Harness, what: &str) -> Result<String> {
    h.wait_for(what, async || Ok(h.driver().get_alert_text().await.ok()))
        .await
}

pub async fn text_of(h: &Harness, id: &str) -> Result<String> {
    match first_displayed(h.driver(), testid(id)).await? {
        Some(element) => element_text(&element).await,
        None => Ok(String::new()),
    }
}

/// `/tasks`.
pub struct TaskList<'h> {
    h: &'h Harness,
}

impl<'h> TaskList<'h> {
    /// Waits until `/tasks` has loaded: rows, the empty state, an error, or only records it
    /// could not show.
    pub async fn wait_loaded(h: &'h Harness) -> Result<Self> {
        h.wait_until("/tasks to finish loading", async || {
            if !h.is_at("/tasks").await? {
                return Ok(false);
            }
            for id in ["task-row", "tasks-empty", "tasks-error", "tasks-unshown"] {
                if first_displayed(h.driver(), testid(id)).await?.is_some() {
                    return Ok(true);
                }
            }
            Ok(false)
        })
        .await?;
        Ok(TaskList { h })
    }

    /// The text of each shown row, top to bottom.
    pub async fn row_texts(&self) -> Result<Vec<String>> {
        let mut texts = Vec::new();
        for row in all_displayed(self.h.driver(), testid("task-row")).await? {
            texts.push(element_text(&row).await?);
        }
        Ok(texts)
    }

    /// Waits until the rows satisfy `check` and returns their texts.
    pub async fn wait_rows(
        &self,
        what: &str,
        check: impl Fn(&[String]) -> bool,
    ) -> Result<Vec<String>> {
        self.h
            .wait_for(what, async || {
                let rows = self.row_texts().await?;
                Ok(check(&rows).then_some(rows))
            })
            .await
    }

    /// Types into the search box (replacing what was there).
    pub async fn search(&self, text: &str) -> Result<()> {
        let input = shown(self.h, "task-search").await?;
        input.send_keys(Key::Control + "a").await?;
        input.send_keys(Key::Backspace).await?;
        if !text.is_empty() {
            input.send_keys(text).await.context("typing a search")?;
        }
        Ok(())
    }

    pub async fn click_new(&self) -> Result<TaskForm<'h>> {
        click_id(self.h, "task-new").await?;
        TaskForm::wait_shown(self.h, "/tasks/create").await
    }

    /// The displayed row whose text contains `name`.
    pub async fn row(&self, name: &str) -> Result<WebElement> {
        for row in all_displayed(self.h.driver(), testid("task-row")).await? {
            if element_text(&row).await?.contains(name) {
                return Ok(row);
            }
        }
        bail!("no shown row contains {name:?}")
    }

    /// Clicks the row's name, opening its details.
    pub async fn open(&self, name: &str) -> Result<TaskDetails<'h>> {
        let link = self.row(name).await?.find(testid("task-open")).await?;
        click(self.h, &link).await?;
        TaskDetails::wait_shown(self.h).await
    }

    /// Clicks the row's delete button and returns the confirmation dialog.
    pub async fn ask_delete(&self, name: &str) -> Result<ConfirmDialog<'h>> {
        let button = self.row(name).await?.find(testid("task-delete")).await?;
        click(self.h, &button).await?;
        ConfirmDialog::wait_open(self.h).await
    }
}

/// `/tasks/create` or `/tasks/edit/:id`.
pub struct TaskForm<'h> {
    h: &'h Harness,
}

impl<'h> TaskForm<'h> {
    /// Waits for the form on a path starting with `path_prefix`.
    pub async fn wait_shown(h: &'h Harness, path_prefix: &str) -> Result<Self> {
        h.wait_until(&format!("the task form on {path_prefix}"), async || {
            let on_path =
                matches!(h.app_location().await?, Some((p, _)) if p.starts_with(path_prefix));
            Ok(on_path
                && first_displayed(h.driver(), testid("task-form"))
                    .await?
                    .is_some())
        })
        .await?;
        Ok(TaskForm { h })
    }

    /// Replaces a text field's value by typing, as a user would.
    pub async fn fill(&self, field: &str, text: &str) -> Result<()> {
        let input = shown(self.h, &format!("field-{field}")).await?;
        input.send_keys(Key::Control + "a").await?;
        input.send_keys(Key::Backspace).await?;
        if !text.is_empty() {
            input
                .send_keys(text)
                .await
                .with_context(|| format!("typing into {field}"))?;
        }
        Ok(())
    }

    /// The current value of a field.
    pub async fn value(&self, field: &str) -> Result<String> {
        Ok(shown(self.h, &format!("field-{field}"))
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Toggles a day chip (`MON`...).
    pub async fn toggle_day(&self, code: &str) -> Result<()> {
        click_id(self.h, &format!("day-{code}")).await
    }

    /// Whether a day chip is on.
    pub async fn day_on(&self, code: &str) -> Result<bool> {
        Ok(shown(self.h, &format!("day-{code}"))
            .await?
            .attr("aria-pressed")
            .await?
            .as_deref()
            == Some("true"))
    }

    pub async fn save(&self) -> Result<()> {
        click_id(self.h, "task-save").await
    }

    /// The message beside a field ("" when none).
    pub async fn error(&self, field: &str) -> Result<String> {
        text_of(self.h, &format!("error-{field}")).await
    }

    /// Waits until the message beside `field` contains `expected`.
    pub async fn wait_error(&self, field: &str, expected: &str) -> Result<String> {
        self.h
            .wait_for(
                &format!("the {field} error to say {expected:?}"),
                async || {
                    let text = self.error(field).await?;
                    Ok(text.contains(expected).then_some(text))
                },
            )
            .await
    }

    /// Waits for the banner of a failed save and returns its text.
    pub async fn wait_form_error(&self) -> Result<String> {
        element_text(&wait_shown(self.h, "form-error").await?).await
    }
}

/// `/tasks/details/:id`.
pub struct TaskDetails<'h> {
    h: &'h Harness,
}

impl<'h> TaskDetails<'h> {
    pub async fn wait_shown(h: &'h Harness) -> Result<Self> {
        h.wait_until("the task details", async || {
            let on_path =
                matches!(h.app_location().await?, Some((p, _)) if p.starts_with("/tasks/details/"));
            Ok(on_path
                && first_displayed(h.driver(), testid("task-details"))
                    .await?
                    .is_some())
        })
        .await?;
        Ok(TaskDetails { h })
    }

    /// The text of a details field: `name`, `time`, `days`, `until`, `description`, `job-id`.
    pub async fn field(&self, name: &str) -> Result<String> {
        text_of(self.h, &format!("details-{name}")).await
    }

    /// Waits until a details field reads `expected`.
    pub async fn wait_field(&self, name: &str, expected: &str) -> Result<()> {
        self.h
            .wait_until(
                &format!("details {name} to read {expected:?}"),
                async || Ok(self.field(name).await? == expected),
            )
            .await
    }

    pub async fn edit(&self) -> Result<TaskForm<'h>> {
        click_id(self.h, "details-edit").await?;
        TaskForm::wait_shown(self.h, "/tasks/edit/").await
    }

    pub async fn ask_delete(&self) -> Result<ConfirmDialog<'h>> {
        click_id(self.h, "details-delete").await?;
        ConfirmDialog::wait_open(self.h).await
    }
}

/// The delete confirmation.
pub struct ConfirmDialog<'h> {
    h: &'h Harness,
}

impl<'h> ConfirmDialog<'h> {
    pub async fn wait_open(h: &'h Harness) -> Result<Self> {
        wait_shown(h, "confirm-dialog").await?;
        Ok(ConfirmDialog { h })
    }

    /// The dialog's visible text (title and message).
    pub async fn text(&self) -> Result<String> {
        text_of(self.h, "confirm-dialog").await
    }

    /// Whether the focused element is inside the dialog.
    pub async fn has_focus(&self) -> Result<bool> {
        let inside = self
            .h
            .driver()
            .execute(
                "const d = document.querySelector('[data-testid=confirm-dialog]'); \
                 return !!d && d.contains(document.activeElement);",
                Vec::new(),
            )
            .await?;
        Ok(inside.json().as_bool().unwrap_or(false))
    }

    pub async fn cancel(self) -> Result<()> {
        click_id(self.h, "confirm-cancel").await?;
        self.wait_closed().await
    }

    pub async fn accept(self) -> Result<()> {
        click_id(self.h, "confirm-accept").await?;
        self.wait_closed().await
    }

    async fn wait_closed(&self) -> Result<()> {
        let h = self.h;
        h.wait_until("the dialog to close", async || {
            Ok(first_displayed(h.driver(), testid("confirm-dialog"))
                .await?
                .is_none())
        })
        .await
    }
}

/// Waits for an error page (`data-code`) and returns its code.
pub async fn wait_error_page(h: &Harness) -> Result<String> {
    let page = wait_shown(h, "error-page").await?;
    page.attr("data-code")
        .await?
        .ok_or_else(|| anyhow!("error page without data-code"))
}
