//! The browser's files (`/pkg`: stylesheet, JavaScript, wasm) and the favicon: fingerprinted
//! names, long-lived caching for them, and the small favicon with an ETag.
//!
//! `cargo leptos build` names each file after its content (`bluelamp.<hash>.css`) and writes
//! the hashes to `hash.txt` beside the server binary. A fingerprinted file never changes, so
//! browsers may keep it for a year without asking again; a new build has new names, which the
//! pages link to. When no hashed build is there (the in-process tests, a hand-made site
//! folder), the plain names are used and browsers revalidate them instead.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

/// The names under `/pkg` that pages link to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetNames {
    pub css: String,
    /// The hashes file Leptos reads for the script names, when the build is fingerprinted.
    pub hash_file: Option<PathBuf>,
}

/// Reads `hash.txt` beside the running binary (cargo-leptos writes it there) and checks that
/// the files it names exist under `<site_root>/pkg`; otherwise the plain names.
pub fn detect(site_root: &str) -> AssetNames {
    let beside_binary = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")));
    beside_binary
        .and_then(|path| hashed_names(&path, &Path::new(site_root).join("pkg")))
        .unwrap_or_else(|| AssetNames {
            css: "bluelamp.css".into(),
            hash_file: None,
        })
}

fn hashed_names(hash_file: &Path, pkg: &Path) -> Option<AssetNames> {
    let text = std::fs::read_to_string(hash_file).ok()?;
    let hash = |kind: &str| {
        text.lines().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            (k.trim() == kind).then(|| v.trim().to_string())
        })
    };
    let names = [
        format!("bluelamp.{}.js", hash("js")?),
        format!("bluelamp.{}.wasm", hash("wasm")?),
        format!("bluelamp.{}.css", hash("css")?),
    ];
    // A hashes file from an older build, or a site folder without hashes, is not trusted.
    if !names.iter().all(|n| pkg.join(n).is_file()) {
        return None;
    }
    let [_, _, css] = names;
    Some(AssetNames {
        css,
        hash_file: Some(hash_file.to_path_buf()),
    })
}

/// Tells Leptos to link the fingerprinted script and wasm (it reads the same hashes file).
pub fn configure(options: &mut LeptosOptions, assets: &AssetNames) {
    if let Some(path) = &assets.hash_file {
        options.hash_files = true;
        // An absolute path: Leptos joins it to the binary's folder, which it then replaces.
        options.hash_file = Arc::from(path.to_string_lossy().as_ref());
    }
}

/// True for a file named after its content by cargo-leptos: `name.<22 characters>.ext`.
pub fn is_fingerprinted(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let parts: Vec<&str> = file.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() == 22
        && parts[parts.len() - 2]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Middleware for `/pkg`: fingerprinted files are cached for a year and never revalidated;
/// anything else is revalidated on every use (ServeDir answers with Last-Modified and 304).
pub async fn pkg_cache_control(req: Request, next: Next) -> Response {
    let immutable = is_fingerprinted(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        let value = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    // Precompressed files are chosen by Accept-Encoding: shared caches must know.
    res.headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

const FAVICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b0c0c"/><circle cx="16" cy="14" r="8" fill="#1d70b8"/><rect x="10" y="23" width="12" height="4" rx="1" fill="#ffffff"/></svg>"##;

static FAVICON_ETAG: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(FAVICON.as_bytes());
    format!("\"{}\"", hex::encode(&digest[..8]))
});

/// The favicon: kept a day, then revalidated with its ETag (304 when unchanged).
pub async fn favicon(headers: HeaderMap) -> Response {
    let etag = FAVICON_ETAG.as_str();
    let cache = [
        (header::CACHE_CONTROL, "public, max-age=86400"),
        (header::ETAG, etag),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    if unchanged {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (cache, [(header::CONTENT_TYPE, "image/svg+xml")], FAVICON).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprinted_names() {
        assert!(is_fingerprinted(
            "/pkg/bluelamp.ik2-ebyVD1AjRzfv--pzbw.wasm"
        ));
        assert!(is_fingerprinted("bluelamp.AAAAAAAAAAAAAAAAAAAA_-.css"));
        assert!(!is_fingerprinted("/pkg/bluelamp.css"));
        assert!(!is_fingerprinted("/pkg/bluelamp.short.js"));
        assert!(!is_fingerprinted("/pkg/bluelamp.ik2-ebyVD1AjRzfv--pz/w.js"));
    }

    #[test]
    fn a_hashes_file_is_trusted_only_when_its_files_exist() {
        let dir = std::env::temp_dir().join(format!("bl-assets-{}", std::process::id()));
        let pkg = dir.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        let hashes = dir.join("hash.txt");
        let h = "ik2-ebyVD1AjRzfv--pzbw";
        std::fs::write(&hashes, format!("js: {h}\nwasm: {h}\ncss: {h}\n")).unwrap();
        assert_eq!(hashed_names(&hashes, &pkg), None);
        for ext in ["js", "wasm", "css"] {
            std::fs::write(pkg.join(format!("bluelamp.{h}.{ext}")), "x").unwrap();
        }
        let names = hashed_names(&hashes, &pkg).unwrap();
        assert_eq!(names.css, format!("bluelamp.{h}.css"));
        assert_eq!(names.hash_file, Some(hashes));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
