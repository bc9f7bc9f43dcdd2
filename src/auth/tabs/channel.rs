//! The BroadcastChannel between the app's tabs: post messages, and hand received ones over.

use super::message::TabMessage;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

const CHANNEL: &str = "city-tasks.auth";

/// An open channel; messages are JSON text so a foreign or old message is simply ignored.
pub struct TabSync {
    channel: web_sys::BroadcastChannel,
    // Kept alive as long as the channel listens.
    _listener: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl TabSync {
    /// Opens the channel; `None` where the browser has no BroadcastChannel.
    pub fn open(on_message: impl Fn(TabMessage) + 'static) -> Option<Self> {
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok()?;
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let parsed = event
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_str::<TabMessage>(&text).ok());
                if let Some(message) = parsed {
                    on_message(message);
                }
            },
        );
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(Self {
            channel,
            _listener: listener,
        })
    }

    /// Tells the other tabs; a failure only costs them a refresh of their own.
    pub fn post(&self, message: &TabMessage) {
        if let Ok(text) = serde_json::to_string(message) {
            let _ = self.channel.post_message(&text.into());
        }
    }
}
