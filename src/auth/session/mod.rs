//! This tab's session as a state machine, split by job: the state (`state.rs`) and the context
//! that holds it (`context.rs`), start-up and the callback, sign-in, the bearer for API calls,
//! refresh and its schedule, other tabs' messages, and sign-out. Each job's decisions are pure
//! functions beside the code that carries them out.

pub(crate) mod api_token;
pub(crate) mod context;
pub(crate) mod refresh;
pub(crate) mod refresh_schedule;
pub(crate) mod sign_in;
pub(crate) mod sign_out;
pub(crate) mod start_up;
pub(crate) mod state;
pub(crate) mod tab_messages;
