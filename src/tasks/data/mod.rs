//! What a task is, with no browser in sight: the model, how it reads from and writes to the
//! Tasks API's JSON, and its dates and times (offsets are parameters; the zones are in `tasks/schedule/`).

pub(crate) mod json;
pub(crate) mod model;
pub(crate) mod when;
