//! Browser tests for the sign-in starter's glue: the static landing page of the real
//! `index.html` gets its texts, its language switch and the buttons the configuration asks for,
//! and is shown; the app's removal takes it out of the document.
#![cfg(target_arch = "wasm32")]

use city_tasks::config::{Config, IdentityProvider, parse_config};
use city_tasks::internals::{LANDING_ID, Lang, StaticLanding, remove_static_landing};
use futures::FutureExt;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The page the build ships, so a selector the starter looks for cannot drift from it.
const INDEX_HTML: &str = include_str!("../index.html");

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("document")
}

/// Puts a fresh copy of `index.html`'s landing markup into the page.
fn fresh_landing() {
    remove_static_landing();
    let start = INDEX_HTML
        .find("<div id=\"landing\"")
        .expect("index.html has #landing");
    let end = start + INDEX_HTML[start..].find("\n    </div>").expect("its end") + 11;
    document()
        .body()
        .expect("body")
        .insert_adjacent_html("beforeend", &INDEX_HTML[start..end])
        .expect("inserted");
}

fn config(show_hosted_ui_login: bool, providers: &[(&str, &str)]) -> Config {
    let mut config = parse_config(
        r#"{"issuer": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc",
            "authDomain": "https://city.auth.eu-west-1.amazoncognito.com",
            "clientId": "client-1", "redirectUri": "https://tasks.example.com/home",
            "logoutUri": "https://tasks.example.com/", "scopes": "openid email",
            "apiBaseUrl": "https://api.example.com/api"}"#,
    )
    .expect("a valid configuration");
    config.show_hosted_ui_login = show_hosted_ui_login;
    config.identity_providers = providers
        .iter()
        .map(|(name, label)| IdentityProvider {
            name: (*name).into(),
            label: (*label).into(),
        })
        .collect();
    config
}

/// A key load that never ends: these tests never start a sign-in.
fn no_keys() -> city_tasks::internals::KeysLoad {
    futures::future::pending().boxed_local().shared()
}

fn query(selector: &str) -> web_sys::HtmlElement {
    document()
        .query_selector(&format!("#{LANDING_ID} {selector}"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn text(selector: &str) -> String {
    query(selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
fn the_landing_page_is_filled_in_and_shown() {
    fresh_landing();
    let landing = StaticLanding::find().expect("the markup is complete");
    landing.show(
        config(true, &[("Okta", "Sign in with Okta"), ("Google", "Google")]),
        no_keys(),
    );
    let en = Lang::En.landing();
    assert!(!query("").hidden(), "the landing page stays hidden");
    assert_eq!(text("h1"), en.hero_title);
    assert_eq!(text("[data-testid=login]"), en.menu_login);
    assert_eq!(text("[data-testid=get-started]"), en.get_started);
    assert_eq!(text(".skip-link"), en.skip_to_content);
    assert_eq!(
        query("nav").get_attribute("aria-label").as_deref(),
        Some(en.menu_label)
    );
    assert!(!query("[data-testid=login]").hidden());
    assert!(!query("[data-testid=get-started]").hidden());
    let providers: Vec<(String, String)> = ["Okta", "Google"]
        .iter()
        .map(|name| {
            let button = query(&format!("[data-testid=login-provider-{name}]"));
            (
                button.class_name(),
                button.text_content().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        providers,
        [
            ("button button-primary".into(), "Sign in with Okta".into()),
            ("button button-primary".into(), "Google".into())
        ]
    );
    let select: web_sys::HtmlSelectElement = query("select").unchecked_into();
    assert_eq!(select.length(), 2);
    assert_eq!(select.value(), "en");
    assert_eq!(document().title(), "City Tasks");
    assert!(
        query("[data-slot=error]").hidden(),
        "an error shows before any sign-in"
    );

    remove_static_landing();
    assert!(document().get_element_by_id(LANDING_ID).is_none());
}

#[wasm_bindgen_test]
fn without_the_hosted_ui_login_only_the_providers_are_offered() {
    fresh_landing();
    let landing = StaticLanding::find().expect("the markup is complete");
    landing.show(config(false, &[("Okta", "Sign in with Okta")]), no_keys());
    assert!(query("[data-testid=login]").hidden());
    assert!(query("[data-testid=get-started]").hidden());
    assert!(!query("[data-testid=login-provider-Okta]").hidden());
    remove_static_landing();
}

#[wasm_bindgen_test]
fn a_page_without_the_markup_is_not_the_starters() {
    remove_static_landing();
    assert!(StaticLanding::find().is_none());
}
