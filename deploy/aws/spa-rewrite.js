// CloudFront Function (viewer request, runtime cloudfront-js-2.0) for City Tasks: app routes
// such as /home?code=... and /tasks/edit/3 get /index.html; a path with a file extension is
// left alone, so a missing /missing.js stays S3's 403/404 instead of an HTML page with 200.
// The same rule as crates/delivery/src/rewrite.rs (Amplify's rewrite); a test runs this file
// under Node against that rule. Viewer request runs before the cache, so every route shares
// the one cached /index.html.
var ASSET = /\.(css|gif|ico|jpg|js|png|txt|svg|woff|woff2|ttf|map|json|webp|wasm|webmanifest)$/;

function handler(event) {
    var request = event.request;
    if (!ASSET.test(request.uri)) {
        request.uri = '/index.html';
    }
    return request;
}
