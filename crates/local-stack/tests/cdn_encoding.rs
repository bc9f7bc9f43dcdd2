//! The CDN emulation's content encoding over real HTTP: brotli when offered, gzip as the
//! fallback, identity otherwise, `Vary: Accept-Encoding` on compressible types only, and a file
//! changed after start is compressed anew.

use std::io::Read;

use city_tasks_delivery::custom_http::parse_custom_http;
use local_stack::start_cdn;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, VARY};

type TestResult = Result<(), Box<dyn std::error::Error>>;

async fn get(url: &str, accept: Option<&str>) -> Result<reqwest::Response, reqwest::Error> {
    // reqwest here has no decompression features, so the body arrives as sent.
    let mut request = reqwest::Client::new().get(url);
    if let Some(accept) = accept {
        request = request.header(ACCEPT_ENCODING, accept);
    }
    request.send().await
}

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn negotiates_brotli_then_gzip_and_caches_per_content() -> TestResult {
    let site = tempfile::tempdir()?;
    let script = "export function hello() { return 'City Tasks'; }\n".repeat(200);
    std::fs::write(site.path().join("app.js"), &script)?;
    std::fs::write(site.path().join("index.html"), "<p>home</p>".repeat(100))?;
    std::fs::write(site.path().join("icon.png"), [7_u8; 300])?;
    let cdn = start_cdn(
        site.path().to_path_buf(),
        parse_custom_http("customHeaders: []")?,
    )
    .await?;
    cdn.precompress().await?;

    let br = get(&format!("{}/app.js", cdn.url), Some("gzip, deflate, br")).await?;
    assert_eq!(header(&br, CONTENT_ENCODING), "br");
    assert_eq!(header(&br, VARY), "Accept-Encoding");
    assert!(header(&br, CONTENT_TYPE).starts_with("text/javascript"));
    let body = br.bytes().await?;
    assert!(body.len() < script.len() / 10);
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut body.as_ref(), &mut decoded)?;
    assert_eq!(decoded, script.as_bytes());

    let gz = get(&format!("{}/app.js", cdn.url), Some("gzip")).await?;
    assert_eq!(header(&gz, CONTENT_ENCODING), "gzip");
    let mut decoded = String::new();
    flate2::read::GzDecoder::new(gz.bytes().await?.as_ref()).read_to_string(&mut decoded)?;
    assert_eq!(decoded, script);

    let plain = get(&format!("{}/app.js", cdn.url), None).await?;
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    assert_eq!(header(&plain, VARY), "Accept-Encoding");
    assert_eq!(plain.bytes().await?, script.as_bytes());

    // The SPA rewrite serves index.html, compressed like the file itself.
    let deep = get(&format!("{}/tasks/edit/3", cdn.url), Some("br")).await?;
    assert_eq!(header(&deep, CONTENT_ENCODING), "br");

    let png = get(&format!("{}/icon.png", cdn.url), Some("br")).await?;
    assert_eq!(header(&png, CONTENT_ENCODING), "");
    assert_eq!(header(&png, VARY), "");

    // Finishing the site after start (config.json, CSP) must never serve a stale copy.
    let changed = "<p>finished</p>".repeat(100);
    std::fs::write(site.path().join("index.html"), &changed)?;
    let fresh = get(&format!("{}/index.html", cdn.url), Some("br")).await?;
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut fresh.bytes().await?.as_ref(), &mut decoded)?;
    assert_eq!(decoded, changed.as_bytes());

    cdn.stop().await;
    Ok(())
}
