//! Page objects: what a user can see and do on each screen, located by stable ids only
//! (`data-testid` on the app, the classic Hosted UI's element ids on the sign-in form).

use anyhow::{Context, Result, anyhow};
use local_stack::User;
use thirtyfour::prelude::*;

use crate::Harness;
use crate::browser::{all_displayed, element_text, first_displayed, page_text, testid};

/// The Hosted UI form's username field (an element id).
pub const USERNAME_FIELD: &str = "signInFormUsername";
/// The Hosted UI form's password field (an element id).
pub const PASSWORD_FIELD: &str = "signInFormPassword";
/// The Hosted UI form's submit button (a CSS selector).
pub const SUBMIT_BUTTON: &str = "input[name=signInSubmitButton]";
/// The local sign-in server's marker of the provider a form stands in for.
const PROVIDER: &str = "identityProvider";

/// The Hosted UI sign-in form (Cognito's classic UI), on the auth domain.
pub struct SignInPage<'h> {
    h: &'h Harness,
}

impl<'h> SignInPage<'h> {
    /// Waits until the browser shows the sign-in form on the auth domain.
    pub async fn wait_shown(h: &'h Harness) -> Result<Self> {
        h.wait_until(
            "the Hosted UI sign-in form on the auth domain",
            async || {
                Ok(h.is_on_auth_domain().await?
                    && first_displayed(h.driver(), By::Id(USERNAME_FIELD))
                        .await?
                        .is_some())
            },
        )
        .await?;
        Ok(SignInPage { h })
    }

    /// Types the credentials and submits the form.
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<()> {
        let driver = self.h.driver();
        let user = shown(driver, By::Id(USERNAME_FIELD), "the username field").await?;
        user.clear().await?;
        user.send_keys(username)
            .await
            .context("typing the username")?;
        let pass = shown(driver, By::Id(PASSWORD_FIELD), "the password field").await?;
        pass.clear().await?;
        pass.send_keys(password)
            .await
            .context("typing the password")?;
        shown(driver, By::Css(SUBMIT_BUTTON), "the sign-in button")
            .await?
            .click()
            .await
            .context("clicking the sign-in button")
    }

    /// Signs in as `user` with their own password.
    pub async fn sign_in_as(&self, user: &User) -> Result<()> {
        self.sign_in(&user.username, &user.password).await
    }

    /// Waits until the form shows `expected` as its error, still on the auth domain.
    pub async fn wait_for_error(&self, expected: &str) -> Result<()> {
        let h = self.h;
        h.wait_until(
            &format!("the sign-in form to say {expected:?}"),
            async || {
                Ok(h.is_on_auth_domain().await? && page_text(h.driver()).await?.contains(expected))
            },
        )
        .await
    }

    /// The federated provider the form stands in for (`None` on the pool's own form).
    pub async fn provider(&self) -> Result<Option<String>> {
        match first_displayed(self.h.driver(), By::Id(PROVIDER)).await? {
            Some(element) => Ok(element.attr("data-provider").await?),
            None => Ok(None),
        }
    }

    /// The `state` the app sent to `/oauth2/authorize`, read from the address bar, if any.
    pub async fn authorize_state(&self) -> Result<Option<String>> {
        let url = reqwest::Url::parse(&self.h.current_url().await?)?;
        Ok(url
            .query_pairs()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.into_owned()))
    }
}

/// `/home`, the landing page and OAuth callback, with the menu that every page shows
/// (Login when signed out; the user's name and Sign out when signed in).
pub struct HomePage<'h> {
    h: &'h Harness,
}

impl<'h> HomePage<'h> {
    /// Opens `/home`.
    pub async fn open(h: &'h Harness) -> Result<Self> {
        h.open("/home").await?;
        Ok(HomePage { h })
    }

    /// The page object for whatever app page is showing (the menu is on every page).
    pub fn current(h: &'h Harness) -> Self {
        HomePage { h }
    }

    /// Waits until the app is on `/home` and offers the Login button.
    pub async fn wait_signed_out(&self) -> Result<()> {
        let h = self.h;
        h.wait_until("/home with the Login button", async || {
            Ok(h.is_at("/home").await?
                && first_displayed(h.driver(), testid("login"))
                    .await?
                    .is_some())
        })
        .await
    }

    /// Waits until `/home` offers the sign-in button of the identity provider `name`.
    pub async fn wait_provider_button(&self, name: &str) -> Result<()> {
        let h = self.h;
        let id = provider_testid(name);
        h.wait_until(&format!("/home with the {id} button"), async || {
            Ok(
                h.is_at("/home").await?
                    && first_displayed(h.driver(), testid(&id)).await?.is_some(),
            )
        })
        .await
    }

    /// The labels of the provider buttons shown, in order.
    pub async fn provider_labels(&self) -> Result<Vec<String>> {
        let buttons = all_displayed(
            self.h.driver(),
            By::Css("[data-testid^=\"login-provider-\"]".to_owned()),
        )
        .await?;
        let mut labels = Vec::new();
        for button in buttons {
            labels.push(element_text(&button).await?);
        }
        Ok(labels)
    }

    /// Clicks the sign-in button of the identity provider `name`.
    pub async fn click_provider(&self, name: &str) -> Result<()> {
        let id = provider_testid(name);
        shown(self.h.driver(), testid(&id), &format!("the {id} button"))
            .await?
            .click()
            .await
            .with_context(|| format!("clicking {id}"))
    }

    /// Whether the plain Login (menu) is shown.
    pub async fn login_shown(&self) -> Result<bool> {
        Ok(first_displayed(self.h.driver(), testid("login"))
            .await?
            .is_some())
    }

    /// Clicks Login.
    pub async fn click_login(&self) -> Result<()> {
        shown(self.h.driver(), testid("login"), "the Login button")
            .await?
            .click()
            .await
            .context("clicking Login")
    }

    /// Waits until the menu shows a signed-in user and returns the name it shows.
    pub async fn wait_user_name(&self) -> Result<String> {
        let h = self.h;
        h.wait_for("the signed-in user's name in the menu", async || {
            if h.app_location().await?.is_none() {
                return Ok(None);
            }
            let Some(element) = h
                .driver()
                .find_all(testid("user-name"))
                .await?
                .into_iter()
                .next()
            else {
                return Ok(None);
            };
            let text = element_text(&element).await?;
            Ok((!text.is_empty()).then_some(text))
        })
        .await
    }

    /// Clicks Sign out.
    pub async fn logout(&self) -> Result<()> {
        shown(self.h.driver(), testid("logout"), "the Sign out button")
            .await?
            .click()
            .await
            .context("clicking Sign out")
    }

    /// Waits for the sign-in error message and returns its text.
    pub async fn wait_auth_error(&self) -> Result<String> {
        let h = self.h;
        h.wait_for("the sign-in error message (auth-error)", async || {
            if h.app_location().await?.is_none() {
                return Ok(None);
            }
            match first_displayed(h.driver(), testid("auth-error")).await? {
                Some(element) => Ok(Some(element_text(&element).await?)),
                None => Ok(None),
            }
        })
        .await
    }

    /// Whether the "Try again" button is shown.
    pub async fn retry_shown(&self) -> Result<bool> {
        Ok(first_displayed(self.h.driver(), testid("auth-retry"))
            .await?
            .is_some())
    }
}

/// `/tasks`, the guarded task list.
pub struct TasksPage<'h> {
    h: &'h Harness,
}

impl<'h> TasksPage<'h> {
    /// Opens `/tasks` (signed out, the app sends the browser to the sign-in form instead).
    pub async fn open(h: &'h Harness) -> Result<()> {
        h.open("/tasks").await
    }

    /// The page object for `/tasks` as it is, rows or not.
    pub fn current(h: &'h Harness) -> Self {
        TasksPage { h }
    }

    /// Waits until the app is on `/tasks` showing at least one task row.
    pub async fn wait_shown(h: &'h Harness) -> Result<Self> {
        h.wait_until("/tasks with task rows", async || {
            Ok(h.is_at("/tasks").await?
                && !all_displayed(h.driver(), testid("task-row"))
                    .await?
                    .is_empty())
        })
        .await?;
        Ok(TasksPage { h })
    }

    /// The text of each shown task row, top to bottom.
    pub async fn row_texts(&self) -> Result<Vec<String>> {
        let mut texts = Vec::new();
        for row in all_displayed(self.h.driver(), testid("task-row")).await? {
            texts.push(element_text(&row).await?);
        }
        Ok(texts)
    }

    /// Waits until the list shows an error instead of rows, and returns its text.
    pub async fn wait_error(&self) -> Result<String> {
        let h = self.h;
        h.wait_for(
            "the task list's error message (tasks-error)",
            async || match first_displayed(h.driver(), testid("tasks-error")).await? {
                Some(element) => Ok(Some(element_text(&element).await?)),
                None => Ok(None),
            },
        )
        .await
    }

    /// Clicks the list's "Try again".
    pub async fn retry(&self) -> Result<()> {
        shown(
            self.h.driver(),
            testid("tasks-retry"),
            "the Try again button",
        )
        .await?
        .click()
        .await
        .context("clicking Try again")
    }

    /// Waits until exactly `count` rows are shown and returns their texts.
    pub async fn wait_row_count(&self, count: usize) -> Result<Vec<String>> {
        self.h
            .wait_for(&format!("exactly {count} task rows"), async || {
                let texts = self.row_texts().await?;
                Ok((texts.len() == count).then_some(texts))
            })
            .await
    }
}

/// The `data-testid` of an identity provider's sign-in button.
pub fn provider_testid(name: &str) -> String {
    format!("login-provider-{name}")
}

async fn shown(driver: &WebDriver, by: By, what: &str) -> Result<WebElement> {
    first_displayed(driver, by)
        .await?
        .ok_or_else(|| anyhow!("{what} is not shown"))
}
