//! The root: captures the OAuth callback, loads `/config.json`, then starts auth and the router.

use crate::auth::{AuthContext, Callback, take_callback};
use crate::components::leave_guard::install_history_guard;
use crate::components::menu::Menu;
use crate::components::toast::{ToastRegion, Toaster};
use crate::config::{CONFIG_PATH, Config, ConfigError, parse_config};
use crate::i18n::t;
use crate::lazy_pages::preload_task_list;
use crate::pages::config_error::ConfigErrorPage;
use crate::routes::AppRoutes;
use crate::tasks::schedule::{ScheduleZone, check_zone};
use gloo_net::http::Request;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_navigate;

#[component]
pub fn App() -> impl IntoView {
    // Read before anything renders so code/state leave the address bar at once.
    let callback = take_callback();
    if matches!(callback, Callback::Code { .. }) {
        // A sign-in lands on the list: fetch its chunk while config.json loads and the code is
        // exchanged, so the split adds no wait between the Hosted UI and the rows.
        leptos::task::spawn_local(async {
            let _ = preload_task_list().await;
        });
    }
    let callback = StoredValue::new(Some(callback));
    // Before the router registers its own `popstate` listener, so this one runs first.
    install_history_guard();
    let config = LocalResource::new(load_config);
    move || match config.get() {
        None => view! { <p class="quiet splash" aria-busy="true">{t().loading_app}</p> }.into_any(),
        Some(Err(error)) => view! { <ConfigErrorPage error /> }.into_any(),
        Some(Ok(config)) => {
            let callback = callback
                .try_update_value(Option::take)
                .flatten()
                .unwrap_or(Callback::None);
            view! {
                <Router>
                    <Shell config callback />
                </Router>
            }
            .into_any()
        }
    }
}

/// Everything inside the router: auth context, menu and the route table.
#[component]
fn Shell(config: Config, callback: Callback) -> impl IntoView {
    ScheduleZone::provide(config.schedule_time_zone.as_ref());
    AuthContext::provide(config, callback, use_navigate());
    Toaster::provide();
    view! {
        <Menu />
        <main id="main" class="content">
            <AppRoutes />
        </main>
        <ToastRegion />
    }
}

/// `/config.json`, parsed and checked; the sign-in starter loads it the same way.
pub(crate) async fn load_config() -> Result<Config, ConfigError> {
    let unavailable = |reason: String| ConfigError::Unavailable(reason);
    // A plain GET, so it takes the response index.html's `<link rel="preload">` started while
    // the wasm was still loading. Every host serves config.json `no-cache`, so it is never stale.
    let response = Request::get(CONFIG_PATH)
        .send()
        .await
        // In English, as the rest of a configuration error is: it is for whoever deploys the site.
        .map_err(|_| unavailable("the server could not be reached".into()))?;
    if !response.ok() {
        return Err(unavailable(format!(
            "the server answered HTTP {}",
            response.status()
        )));
    }
    let text = response
        .text()
        .await
        .map_err(|_| unavailable("the response could not be read".into()))?;
    let config = parse_config(&text)?;
    // Whether a region exists is the browser's zone data to say.
    check_zone(config.schedule_time_zone.as_ref())?;
    Ok(config)
}
