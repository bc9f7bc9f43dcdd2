//! The static landing page in `index.html` (`#landing`), brought to life: every text in the
//! shown language, the language switch, the Login and provider buttons, shown once the
//! configuration is known. The markup mirrors the app's `components/menu.rs` and
//! `pages/home.rs`, so the page looks the same whoever shows it; the app removes it when it
//! starts (`remove_static_landing`).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Document, Element, HtmlElement, HtmlSelectElement, Window};

use crate::auth::browser::storage;
use crate::auth::current_page;
use crate::auth::id_token::signing_keys::{KeysLoad, prefetch, reusable};
use crate::auth::protocol::return_to::sanitize_return_to;
use crate::auth::session::sign_in::leave_for_hosted_ui;
use crate::auth::sign_in_error::SignInError;
use crate::components::page_title::title_for;
use crate::config::Config;
use crate::i18n::{LandingTexts, Lang, landing, lang, switch_to};
use crate::routes::{HOME, TASKS};

/// The id of the static landing page's root in `index.html`.
pub const LANDING_ID: &str = "landing";

/// One text of the catalog.
type Pick = fn(&LandingTexts) -> &'static str;

/// What `data-text` (content) and `data-label` (`aria-label`) name in the static markup.
const TEXTS: [(&str, Pick); 8] = [
    ("app_name", |t| t.app_name),
    ("skip_to_content", |t| t.skip_to_content),
    ("menu_label", |t| t.menu_label),
    ("menu_login", |t| t.menu_login),
    ("language_label", |t| t.language_label),
    ("hero_title", |t| t.hero_title),
    ("hero_text", |t| t.hero_text),
    ("get_started", |t| t.get_started),
];

/// The landing page's elements the starter fills or wires.
pub struct StaticLanding {
    document: Document,
    root: HtmlElement,
    login: HtmlElement,
    get_started: HtmlElement,
    choices: Element,
    error: HtmlElement,
    language: HtmlSelectElement,
}

impl StaticLanding {
    /// The static markup, when the page has all of it.
    pub fn find() -> Option<Self> {
        let document = web_sys::window()?.document()?;
        let root = document.get_element_by_id(LANDING_ID)?;
        let find = |selector: &str| root.query_selector(selector).ok().flatten();
        let html = |selector: &str| find(selector)?.dyn_into::<HtmlElement>().ok();
        Some(Self {
            login: html("[data-testid=\"login\"]")?,
            get_started: html("[data-testid=\"get-started\"]")?,
            choices: find(".sign-in-choices")?,
            error: html("[data-slot=\"error\"]")?,
            language: find("select")?.dyn_into().ok()?,
            root: root.dyn_into().ok()?,
            document,
        })
    }

    /// Fills in the texts and the buttons `config` asks for, wires them, and shows the page.
    pub fn show(self, config: Config, keys: KeysLoad) {
        self.document.set_title(&title_for(None));
        self.fill_texts();
        self.fill_language_switch();
        self.wire_skip_link();
        let sign_in = SignIn {
            config: Rc::new(config),
            keys: Rc::new(RefCell::new(keys)),
            error: self.error.clone(),
        };
        let plain = sign_in.config.show_hosted_ui_login;
        for (button, to_page) in [(&self.login, false), (&self.get_started, true)] {
            button.set_hidden(!plain);
            let sign_in = sign_in.clone();
            on(button, "click", move |_| {
                // Login comes back here; the landing page's call to action goes to the tasks.
                let return_to = if to_page {
                    TASKS.into()
                } else {
                    current_page()
                };
                sign_in.start(&return_to, None);
            });
        }
        for provider in &sign_in.config.identity_providers {
            let Some(button) = self.provider_button(&provider.name, &provider.label) else {
                continue;
            };
            let sign_in = sign_in.clone();
            let name = provider.name.clone();
            on(&button, "click", move |_| sign_in.start(TASKS, Some(&name)));
        }
        self.root.set_hidden(false);
    }

    fn fill_texts(&self) {
        for (key, text) in TEXTS {
            let text = text(landing());
            for element in self.all(&format!("[data-text=\"{key}\"]")) {
                element.set_text_content(Some(text));
            }
            for element in self.all(&format!("[data-label=\"{key}\"]")) {
                let _ = element.set_attribute("aria-label", text);
            }
        }
    }

    /// The same options as `components/language_switch.rs`; a choice reloads the page in it.
    fn fill_language_switch(&self) {
        let shown = lang();
        for option in Lang::ALL {
            let Ok(element) = self.document.create_element("option") else {
                continue;
            };
            let _ = element.set_attribute("value", option.code());
            let _ = element.set_attribute("lang", option.code());
            if option == shown {
                let _ = element.set_attribute("selected", "");
            }
            element.set_text_content(Some(option.name()));
            let _ = self.language.append_child(&element);
        }
        let select = self.language.clone();
        on(&self.language, "change", move |_| {
            let chosen = Lang::of_tag(&select.value()).filter(|chosen| *chosen != shown);
            // Nothing on the landing page can be lost, so no question first.
            if chosen.is_some_and(|chosen| !switch_to(chosen)) {
                select.set_value(shown.code());
            }
        });
    }

    /// As `components/skip_link.rs`: the focus moves to `<main>`, without `#main` in the address.
    fn wire_skip_link(&self) {
        let Some(link) = self.all(".skip-link").into_iter().next() else {
            return;
        };
        let main = self.root.query_selector("main").ok().flatten();
        on(&link, "click", move |event| {
            event.prevent_default();
            if let Some(main) = main.as_ref().and_then(|m| m.dyn_ref::<HtmlElement>()) {
                // Focusable by script only, so Tab does not stop on the whole page.
                let _ = main.set_attribute("tabindex", "-1");
                let _ = main.focus();
            }
        });
    }

    /// One provider's button, after the plain sign-in, as `pages/home.rs` writes it.
    fn provider_button(&self, name: &str, label: &str) -> Option<Element> {
        let button = self.document.create_element("button").ok()?;
        button.set_class_name("button button-primary");
        button
            .set_attribute("data-testid", &format!("login-provider-{name}"))
            .ok()?;
        button.set_text_content(Some(label));
        self.choices.append_child(&button).ok()?;
        Some(button)
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let Ok(list) = self.root.query_selector_all(selector) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
            .collect()
    }
}

/// Starting a sign-in from the landing page, as the app's `AuthContext::begin_sign_in` does.
#[derive(Clone)]
struct SignIn {
    config: Rc<Config>,
    /// The discovery and key load started with the page, replaced when it failed.
    keys: Rc<RefCell<KeysLoad>>,
    error: HtmlElement,
}

impl SignIn {
    fn start(&self, return_to: &str, identity_provider: Option<&str>) {
        storage::remember_identity_provider(identity_provider);
        let keys = {
            let mut keys = self.keys.borrow_mut();
            if !reusable(&keys) {
                *keys = prefetch(&self.config);
            }
            keys.clone()
        };
        let this = self.clone();
        let return_to = sanitize_return_to(return_to);
        let provider = identity_provider.map(str::to_string);
        leptos::task::spawn_local(async move {
            let left =
                leave_for_hosted_ui(&this.config, keys, &return_to, provider.as_deref()).await;
            if let Err(error) = left {
                // Shown under the buttons, which stay: pressing one again is the retry.
                let message = match error {
                    SignInError::Browser(step) => step.before_leaving_message(),
                    // Leaving fails only in the browser; anything else reads as not completed.
                    _ => landing().sign_in_failed,
                };
                this.error.set_text_content(Some(message));
                this.error.set_hidden(false);
            }
        });
    }
}

/// `/` becomes `/home` in the address bar, as the app's redirect would make it.
pub fn show_home_in_address_bar(window: &Window) {
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(HOME));
    }
}

/// Removes the static landing page: the app shows its own pages, and two `<main id="main">`
/// would confuse the skip link and screen readers. Nothing happens where there is none.
pub fn remove_static_landing() {
    if let Some(landing) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(LANDING_ID))
    {
        landing.remove();
    }
}

/// Listens for `event` on `target` for the rest of the page's life.
fn on(target: &web_sys::EventTarget, event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    let handler = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    // The page keeps its buttons until it is left.
    handler.forget();
}
