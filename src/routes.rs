//! The app's paths, in one place: the route table, the links into it, and the typed params its
//! pages read. Kept from the original app so bookmarks still work.

use crate::auth::guard::RequireAuth;
use crate::lazy_pages::{TaskCreateRoute, TaskDetailsRoute, TaskEditRoute, TaskListRoute};
use crate::pages::error_page::ErrorRoute;
use crate::pages::home::HomePage;
use crate::pages::not_found::NotFoundPage;
use crate::url::{encode_component, parse_query};
use leptos::Params;
use leptos::prelude::*;
use leptos_router::Lazy;
use leptos_router::components::{ParentRoute, Redirect, Route, Routes};
use leptos_router::params::{Params, ParamsError};
use leptos_router::{ParamSegment, StaticSegment, path};
use std::str::FromStr;

/// The landing page, which is also the OAuth callback (`redirectUri`). The config crate owns
/// the value: it checks that `config.json` names this page, also for the delivery tooling.
pub(crate) const HOME: &str = city_tasks_config::config::CALLBACK_PATH;
/// The guarded task list; the other task pages live below it.
pub(crate) const TASKS: &str = "/tasks";
/// The form for a new task (`TASKS` then `CREATE`, as a test checks).
pub(crate) const TASK_CREATE: &str = "/tasks/create";
/// The list's search in its address (`/tasks?q=gar`), so a reload or Back keeps it.
pub(crate) const SEARCH: &str = "q";

// The segments the table matches below `TASKS`, and the error pages' prefix.
const CREATE: &str = "create";
const DETAILS: &str = "details";
const EDIT: &str = "edit";
const ERROR: &str = "/error";
// The params' names are the field names of `TaskParams` and `ErrorParams`: the derive reads
// each field by its name.
const ID: &str = "id";
const CODE: &str = "code";

/// The read-only view of one task.
pub(crate) fn task_details(id: i64) -> String {
    format!("{TASKS}/{DETAILS}/{id}")
}

/// The form for changing one task.
pub(crate) fn task_edit(id: i64) -> String {
    format!("{TASKS}/{EDIT}/{id}")
}

/// The list showing what `typed` finds: `/tasks` for an empty search, else `/tasks?q=...` with
/// everything but unreserved characters percent-encoded (UTF-8), as `URLSearchParams` decodes.
pub(crate) fn tasks_matching(typed: &str) -> String {
    if typed.is_empty() {
        return TASKS.to_string();
    }
    format!("{TASKS}?{SEARCH}={}", encode_component(typed))
}

/// The list's search in an address's `?...` part, decoded (`+` read as a space, as forms write
/// it); `None` without one, or when the query's escapes are malformed.
pub(crate) fn search_in(query: &str) -> Option<String> {
    parse_query(query)?
        .into_iter()
        .find_map(|(key, value)| (key == SEARCH).then_some(value))
}

/// Every page at its path; the task pages sit behind the sign-in guard, each loaded when first
/// needed (`crate::lazy_pages`).
#[component]
pub(crate) fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/") view=|| view! { <Redirect path=HOME /> } />
            <Route path=StaticSegment(HOME) view=HomePage />
            <ParentRoute path=StaticSegment(TASKS) view=RequireAuth>
                <Route path=path!("") view={Lazy::<TaskListRoute>::new()} />
                <Route path=StaticSegment(CREATE) view={Lazy::<TaskCreateRoute>::new()} />
                <Route path=task_page(EDIT) view={Lazy::<TaskEditRoute>::new()} />
                <Route path=task_page(DETAILS) view={Lazy::<TaskDetailsRoute>::new()} />
            </ParentRoute>
            <Route path=error_route() view=ErrorRoute />
        </Routes>
    }
}

/// `edit/:id`, `details/:id` below `TASKS`.
fn task_page(page: &'static str) -> (StaticSegment<&'static str>, ParamSegment) {
    (StaticSegment(page), ParamSegment(ID))
}

/// `/error/:code`.
fn error_route() -> (StaticSegment<&'static str>, ParamSegment) {
    (StaticSegment(ERROR), ParamSegment(CODE))
}

/// The params of `/tasks/details/:id` and `/tasks/edit/:id`.
#[derive(Params, Debug, Clone, PartialEq, Eq)]
pub(crate) struct TaskParams {
    id: Option<TaskId>,
}

/// A task id as a path names it: a whole number, never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TaskId(i64);

/// A path segment that names no task.
#[derive(Debug, thiserror::Error)]
#[error("not a task id")]
pub(crate) struct NotATaskId;

impl FromStr for TaskId {
    type Err = NotATaskId;

    fn from_str(segment: &str) -> Result<Self, Self::Err> {
        match segment.parse() {
            Ok(id) if id >= 0 => Ok(Self(id)),
            _ => Err(NotATaskId),
        }
    }
}

/// The task the path names, if it names one.
pub(crate) fn task_id(params: &Result<TaskParams, ParamsError>) -> Option<i64> {
    params.as_ref().ok()?.id.map(|TaskId(id)| id)
}

/// The params of `/error/:code`.
#[derive(Params, Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorParams {
    code: Option<u16>,
}

/// The status the path names, if it is one.
pub(crate) fn error_code(params: &Result<ErrorParams, ParamsError>) -> Option<u16> {
    params.as_ref().ok()?.code
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos_router::PossibleRouteMatch;

    /// The address of an error page, as bookmarks and the delivery tooling write it.
    fn error_page(code: u16) -> String {
        format!("{ERROR}/{code}")
    }

    /// The params the table finds in `path` when it matches `route`, before they are typed
    /// (a `ParamsMap` decodes its values in the browser, so the typing is tested apart).
    fn matched(route: impl PossibleRouteMatch, path: &str) -> Option<Vec<(String, String)>> {
        let matched = route.test(path).filter(|m| m.remaining().is_empty())?;
        let params = matched.params().into_iter();
        Some(
            params
                .map(|(name, value)| (name.into_owned(), value))
                .collect(),
        )
    }

    fn parse_task_id(segment: &str) -> Option<i64> {
        segment.parse::<TaskId>().ok().map(|TaskId(id)| id)
    }

    #[test]
    fn paths() {
        assert_eq!(task_details(7), "/tasks/details/7");
        assert_eq!(task_edit(7), "/tasks/edit/7");
        assert_eq!(error_page(503), "/error/503");
        assert_eq!(parse_task_id("42"), Some(42));
        assert_eq!(parse_task_id("abc"), None);
        assert_eq!(parse_task_id("-1"), None);
    }

    #[test]
    fn the_links_reach_the_pages_that_read_them() {
        let tasks = |page| (StaticSegment(TASKS), task_page(page));
        let one = |name: &str, value: &str| Some(vec![(name.to_string(), value.to_string())]);
        assert_eq!(matched(tasks(EDIT), &task_edit(7)), one("id", "7"));
        assert_eq!(matched(tasks(DETAILS), &task_details(7)), one("id", "7"));
        assert_eq!(matched(tasks(DETAILS), &task_edit(7)), None);
        assert_eq!(matched(error_route(), &error_page(503)), one("code", "503"));
        assert_eq!(matched(StaticSegment(TASKS), TASKS), Some(vec![]));
        assert_eq!(matched(StaticSegment(HOME), "/home"), Some(vec![]));
        assert_eq!(TASK_CREATE, format!("{TASKS}/{CREATE}"));
    }

    #[test]
    fn the_search_is_written_into_the_list_address() {
        assert_eq!(tasks_matching(""), "/tasks");
        assert_eq!(tasks_matching("gar"), "/tasks?q=gar");
        assert_eq!(tasks_matching("pump 12"), "/tasks?q=pump%2012");
        assert_eq!(tasks_matching("a&q=b#c+"), "/tasks?q=a%26q%3Db%23c%2B");
        assert_eq!(tasks_matching("Año"), "/tasks?q=A%C3%B1o");
    }

    #[test]
    fn the_search_is_read_back_from_the_address() {
        assert_eq!(search_in("?q=gar").as_deref(), Some("gar"));
        assert_eq!(search_in("?x=1&q=pump%2012").as_deref(), Some("pump 12"));
        assert_eq!(search_in("?q=A%C3%B1o").as_deref(), Some("Año"));
        assert_eq!(search_in("?q=%zz"), None);
        assert_eq!(search_in("?q=pump+12").as_deref(), Some("pump 12"));
        assert_eq!(search_in("?qq=1&q2=3"), None);
        assert_eq!(search_in(""), None);
    }
}
