//! Browser tests for the sessionStorage glue: tokens round-trip, corrupt entries are discarded,
//! the pending sign-in is single use, and nothing lands in localStorage.
#![cfg(target_arch = "wasm32")]

use city_tasks::internals::{
    PENDING_LOGIN_KEY, PendingLogin, SESSION_KEY, TokenSet, clear_tokens, discard_pending_login,
    load_pending_login, load_tokens, save_pending_login, save_tokens,
};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn session() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("sessionStorage")
}

fn local() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

fn tokens() -> TokenSet {
    TokenSet {
        access_token: "access.jwt.sig".into(),
        id_token: "id.jwt.sig".into(),
        refresh_token: Some("refresh".into()),
        expires_at: 1_800_000_000,
        issued_at: 1_799_996_400,
    }
}

fn pending() -> PendingLogin {
    PendingLogin {
        state: "state-1".into(),
        nonce: "nonce-1".into(),
        code_verifier: "verifier-1".into(),
        return_to: "/tasks".into(),
        created_at: 1,
    }
}

#[wasm_bindgen_test]
fn tokens_round_trip_in_session_storage_only() {
    session().clear().expect("clear");
    local().clear().expect("clear");
    save_tokens(&tokens()).expect("saved");
    assert_eq!(load_tokens(), Some(tokens()));
    let raw = session()
        .get_item(SESSION_KEY)
        .expect("readable")
        .expect("present");
    assert!(raw.contains("accessToken"), "{raw}");
    assert_eq!(
        local().length().expect("length"),
        0,
        "nothing in localStorage"
    );
    clear_tokens();
    assert_eq!(load_tokens(), None);
    assert_eq!(session().get_item(SESSION_KEY).expect("readable"), None);
}

#[wasm_bindgen_test]
fn corrupt_token_entry_reads_as_signed_out_and_is_removed() {
    for junk in ["{not json", r#"{"accessToken":1}"#, "null", ""] {
        session().set_item(SESSION_KEY, junk).expect("set");
        assert_eq!(load_tokens(), None, "{junk:?}");
        assert_eq!(
            session().get_item(SESSION_KEY).expect("readable"),
            None,
            "{junk:?}"
        );
    }
}

#[wasm_bindgen_test]
fn pending_login_is_single_use() {
    session().clear().expect("clear");
    save_pending_login(&pending()).expect("saved");
    assert_eq!(load_pending_login(), Some(pending()));
    assert_eq!(
        load_pending_login(),
        Some(pending()),
        "reading leaves it in place"
    );
    discard_pending_login();
    assert_eq!(load_pending_login(), None, "once discarded it is gone");
    assert_eq!(
        session().get_item(PENDING_LOGIN_KEY).expect("readable"),
        None
    );
}

#[wasm_bindgen_test]
fn corrupt_pending_login_is_discarded() {
    session().set_item(PENDING_LOGIN_KEY, "[1,2]").expect("set");
    assert_eq!(load_pending_login(), None);
    assert_eq!(
        session().get_item(PENDING_LOGIN_KEY).expect("readable"),
        None
    );
}
