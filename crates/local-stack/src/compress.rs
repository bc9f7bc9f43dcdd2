//! Content encoding the way Amplify/CloudFront apply it: brotli, else gzip, for text-like and
//! wasm files, chosen from the request's `Accept-Encoding`. The size budget check compresses
//! with these same functions, so its numbers match what the CDN emulation sends.

use std::io::Write;
use std::path::Path;

/// Brotli's best quality: slow, which is fine because the CDN emulation caches the result.
const BROTLI_QUALITY: u32 = 11;
/// Brotli's largest standard window (2^24 bytes), as `brotli -q 11` uses for big files.
const BROTLI_WINDOW: u32 = 24;

/// A response body encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The `Content-Encoding` value, `None` for identity.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }
}

/// Whether a CDN compresses files like `path` (by extension): wasm, js, css, html, json, svg
/// and web manifests. Images such as PNG are compressed already.
pub fn is_compressible(path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(
        extension.as_deref(),
        Some("wasm" | "js" | "mjs" | "css" | "html" | "htm" | "json" | "svg" | "webmanifest")
    )
}

/// The best encoding an `Accept-Encoding` value allows: brotli, then gzip, then identity.
/// Codings with `q=0` are refused; `*` stands for any coding not named.
pub fn negotiate(accept_encoding: Option<&str>) -> Encoding {
    let Some(header) = accept_encoding else {
        return Encoding::Identity;
    };
    let offers: Vec<(String, bool)> = header
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let coding = pieces.next()?.trim().to_ascii_lowercase();
            let accepted = pieces
                .map(|p| p.trim().to_ascii_lowercase())
                .filter_map(|p| p.strip_prefix("q=").map(str::to_owned))
                .all(|q| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0));
            (!coding.is_empty()).then_some((coding, accepted))
        })
        .collect();
    let allows = |name: &str| match offers.iter().find(|(coding, _)| coding == name) {
        Some((_, accepted)) => *accepted,
        None => offers
            .iter()
            .any(|(coding, accepted)| coding == "*" && *accepted),
    };
    if allows("br") {
        Encoding::Brotli
    } else if allows("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// `bytes` compressed with brotli at quality 11.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY as i32,
        lgwin: BROTLI_WINDOW as i32,
        ..Default::default()
    };
    let mut input = bytes;
    // Writing into a Vec cannot fail, so neither can this.
    let _ = brotli::BrotliCompress(&mut input, &mut out, &params);
    out
}

/// `bytes` compressed with gzip at its best level, the fallback for clients without brotli.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// `bytes` in `encoding`.
pub fn encode(bytes: &[u8], encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Brotli => brotli(bytes),
        Encoding::Gzip => gzip(bytes),
        Encoding::Identity => bytes.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn prefers_brotli_then_gzip() {
        let chrome = Some("gzip, deflate, br, zstd");
        assert_eq!(negotiate(chrome), Encoding::Brotli);
        assert_eq!(negotiate(Some("gzip, deflate")), Encoding::Gzip);
        assert_eq!(negotiate(Some("identity")), Encoding::Identity);
        assert_eq!(negotiate(None), Encoding::Identity);
        assert_eq!(negotiate(Some("")), Encoding::Identity);
    }

    #[test]
    fn q_zero_refuses_and_star_allows() {
        assert_eq!(negotiate(Some("br;q=0, gzip;q=0.5")), Encoding::Gzip);
        assert_eq!(negotiate(Some("*")), Encoding::Brotli);
        assert_eq!(negotiate(Some("br;q=0, *;q=1")), Encoding::Gzip);
        // Codings and parameter names are case-insensitive.
        assert_eq!(negotiate(Some("BR; Q=0, GZip")), Encoding::Gzip);
    }

    #[test]
    fn compressible_types_are_the_cdns() {
        for name in ["a_bg.wasm", "a.js", "main.css", "index.html", "config.json"] {
            assert!(is_compressible(Path::new(name)), "{name}");
        }
        assert!(is_compressible(Path::new("icon.svg")));
        assert!(is_compressible(Path::new("manifest.webmanifest")));
        assert!(!is_compressible(Path::new("icon-192.png")));
        assert!(!is_compressible(Path::new("README")));
    }

    #[test]
    fn both_encodings_round_trip() {
        let text = "City Tasks ".repeat(500).into_bytes();
        let br = brotli(&text);
        assert!(br.len() < text.len() / 10);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut br.as_slice(), &mut back).expect("valid brotli");
        assert_eq!(back, text);

        let gz = gzip(&text);
        assert!(gz.len() < text.len() / 10);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_end(&mut back)
            .expect("valid gzip");
        assert_eq!(back, text);
        assert_eq!(encode(&text, Encoding::Identity), text);
    }
}
