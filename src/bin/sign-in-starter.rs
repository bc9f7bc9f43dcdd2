//! The sign-in starter's wasm entry point: `boot.js` calls `start_landing` on the landing page
//! before (and, when it resolves to `true`, instead of) the app. See `src/sign_in_starter`.

use wasm_bindgen::prelude::wasm_bindgen;

/// Shows the signed-out landing page; `false` when the app must start instead.
#[wasm_bindgen]
pub async fn start_landing() -> bool {
    city_tasks::start_landing().await
}

/// Nothing runs on load: `boot.js` decides whether the landing page is the starter's.
fn main() {}
