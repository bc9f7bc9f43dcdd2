//! What the app's tabs share about one session: the messages, the BroadcastChannel that carries
//! them, and the Web Lock that lets one tab at a time refresh. What a tab does with a message is
//! the session's business (`session/tab_messages.rs`).

pub(crate) mod channel;
pub(crate) mod message;
pub(crate) mod web_lock;
