//! Pieces shared by several pages.

pub mod confirm_dialog;
pub mod leave_guard;
pub mod loading;
pub mod menu;
pub mod page_heading;
pub mod toast;
