//! Running a piece of async work under a Web Lock, so only one tab of the app at a time does it.
//! Bound by hand because web-sys keeps the Web Locks API behind an unstable flag.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

#[wasm_bindgen]
extern "C" {
    type LockManager;

    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, callback: &js_sys::Function) -> js_sys::Promise;
}

/// Runs `work` while holding the lock `name` across all tabs of this origin. Where the browser
/// has no Web Locks (or refuses the request), it runs unguarded: correctness then rests on the
/// broadcast coordination. `None` only if the work was started but never finished.
pub async fn with_lock<T, Fut>(name: &str, work: impl FnOnce() -> Fut + 'static) -> Option<T>
where
    T: 'static,
    Fut: Future<Output = T> + 'static,
{
    let Some(locks) = lock_manager() else {
        return Some(work().await);
    };
    let work = Rc::new(RefCell::new(Some(work)));
    let result: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let (pending_work, slot) = (work.clone(), result.clone());
    let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        let work = pending_work.borrow_mut().take();
        future_to_promise(async move {
            if let Some(work) = work {
                *slot.borrow_mut() = Some(work().await);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    // The request settles after the callback's promise does, so the result is in by then.
    let _ = JsFuture::from(locks.request(name, callback.unchecked_ref())).await;
    if let Some(value) = result.borrow_mut().take() {
        return Some(value);
    }
    let unrun = work.borrow_mut().take();
    match unrun {
        Some(work) => Some(work().await),
        None => None,
    }
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    Some(locks.unchecked_into())
}
