//! The SPA rewrite rule a CDN needs so deep links (`/home?code=...`, `/tasks/edit/3`) load the
//! app, while a missing asset (`/missing.js`) stays a real 404.

/// Extensions that are real files; any other path is an app route.
pub const ASSET_EXTENSIONS: [&str; 14] = [
    "css", "gif", "ico", "jpg", "js", "png", "txt", "svg", "woff", "woff2", "ttf", "map", "json",
    "webp",
];

/// Extensions this app adds to Amplify's usual list.
pub const APP_EXTENSIONS: [&str; 2] = ["wasm", "webmanifest"];

/// The Amplify rewrite source documented in README (target `/index.html`, type 200).
pub fn amplify_rewrite_source() -> String {
    let extensions = ASSET_EXTENSIONS
        .iter()
        .chain(APP_EXTENSIONS.iter())
        .copied()
        .collect::<Vec<_>>()
        .join("|");
    format!(r"</^[^.]+$|\.(?!({extensions})$)([^.]+$)/>")
}

/// What that regex decides for a request path (query excluded): `true` when the app's
/// `index.html` is served with 200 instead of a file.
pub fn rewrites_to_index(path: &str) -> bool {
    match path.rsplit_once('.') {
        None => true,
        Some((_, after_last_dot)) => !ASSET_EXTENSIONS
            .iter()
            .chain(APP_EXTENSIONS.iter())
            .any(|extension| *extension == after_last_dot),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_go_to_the_app_and_assets_stay_files() {
        for route in [
            "/",
            "/home",
            "/tasks",
            "/tasks/edit/3",
            "/error/404",
            "/v1.2/x",
            "/a.unknown",
        ] {
            assert!(rewrites_to_index(route), "{route}");
        }
        for asset in [
            "/missing.js",
            "/app-1.wasm",
            "/main.css",
            "/config.json",
            "/manifest.webmanifest",
            "/icon.svg",
        ] {
            assert!(!rewrites_to_index(asset), "{asset}");
        }
    }

    #[test]
    fn documented_regex_lists_the_same_extensions() {
        let source = amplify_rewrite_source();
        assert!(source.starts_with("</^[^.]+$|"));
        for extension in ASSET_EXTENSIONS.iter().chain(APP_EXTENSIONS.iter()) {
            assert!(
                source.contains(&format!("|{extension}"))
                    || source.contains(&format!("({extension}")),
                "{extension}"
            );
        }
    }
}
