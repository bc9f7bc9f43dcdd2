//! docs/deploying.md's Amplify rewrite JSON and CLI command carry exactly the rule of
//! crates/delivery/src/rewrite.rs, with the backslash doubled as JSON needs.

use city_tasks_delivery::rewrite::amplify_rewrite_source;

#[test]
fn amplify_json_in_the_docs_is_the_rule() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/deploying.md");
    let docs = std::fs::read_to_string(path).expect("docs/deploying.md");
    let escaped = serde_json::to_string(&amplify_rewrite_source()).expect("json");
    assert_eq!(
        docs.matches(&escaped).count(),
        2,
        "console JSON and CLI: {escaped}"
    );
    assert!(docs.contains("\"target\": \"/index.html\"") && docs.contains("\"status\": \"200\""));
}
