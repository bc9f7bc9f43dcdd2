//! The browser edge of signing in: sessionStorage, the window (clock, randomness,
//! navigation) and the address bar. Nothing here decides anything.

pub(crate) mod address_bar;
pub(crate) mod storage;
pub(crate) mod window;
