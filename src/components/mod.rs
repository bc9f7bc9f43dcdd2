//! Pieces shared by several pages.

pub(crate) mod breadcrumb;
pub(crate) mod confirm_dialog;
pub(crate) mod error_notice;
pub(crate) mod language_switch;
pub(crate) mod leave_guard;
pub(crate) mod loading;
pub(crate) mod menu;
pub(crate) mod new_version;
pub(crate) mod page_heading;
pub(crate) mod page_title;
pub(crate) mod skip_link;
pub(crate) mod toast;
