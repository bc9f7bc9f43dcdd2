//! The split release build (issue 14): cargo with link relocations, the wasm splitter, one
//! wasm-bindgen on the main module, wasm-opt on every wasm, content-hashed names, and
//! index.html, into dist/.
//!
//! Trunk 0.21 cannot run a step between cargo and wasm-bindgen (trunk-rs/trunk#1022), so the
//! wasm leaves Trunk here. Trunk still does what it does well, the page shell: it builds an
//! index.html without the rust link (the style sheet hashed with its SRI, public/ copied), and
//! this module adds the boot tag and preload hints for the files it made.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

use city_tasks_delivery::SPLIT_MANIFEST;

use crate::Workspace;
use crate::release;
use crate::tools::{self, WASM_TARGET};

/// The app's binary, and so the stem of its wasm and of the glue.
const BIN: &str = "city-tasks";
/// The sign-in starter's binary (src/bin/sign-in-starter.rs): the landing page without the app.
const STARTER: &str = "sign-in-starter";
/// The glue file name the splitter's loader imports and wasm-bindgen writes (`--out-name`).
const GLUE: &str = "./city-tasks.js";
/// The loader's name as the split wasm imports it; wasm-bindgen turns that import into
/// `import * as importN from "./__wasm_split.js"` in the glue.
const LOADER: &str = "./__wasm_split.js";
/// The import module `#[wasm_split]` leaves in a wasm that was never split (magic constant
/// of wasm_split_helpers 0.2): such a wasm cannot start.
const PLACEHOLDER_IMPORT: &[u8] = b"__wasm_split_placeholder__";
/// What cargo-leptos passes for a split build, and the research note measured with binaryen 132.
const WASM_OPT_ARGS: [&str; 3] = [
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
];

/// The split build, start to finish: dist/ afterwards holds the page, the main module, every
/// chunk and the loader, each hashed file under a name that changes with its content.
pub fn build(ws: &Workspace) -> Result<()> {
    let work = ws.root.join("target/split");
    // Never split into a directory that holds an earlier split (cargo-leptos#557).
    if work.exists() {
        std::fs::remove_dir_all(&work)
            .with_context(|| format!("could not empty {}", work.display()))?;
    }
    let input = cargo_build(ws)?;
    let starter = cargo_build_starter(ws)?;
    let split = split(&input, &work)?;
    bindgen(ws, &work)?;
    bindgen_starter(ws, &starter, &work)?;
    let chunks = split.chunk_files()?;
    for wasm in chunks.iter().chain([
        &work.join(format!("bindgen/{BIN}_bg.wasm")),
        &work.join(format!("starter/{STARTER}_bg.wasm")),
    ]) {
        optimize(ws, wasm)?;
    }
    let shell = shell(ws, &work)?;
    let terser = tools::pinned_npm_version(&ws.root.join("tools"), tools::TERSER)?;
    let minifier = Minifier {
        // The flags too: other options write other bytes, which must not keep the old names.
        id: format!("{} {terser} {}", tools::TERSER, TERSER_ARGS.join(" ")),
        run: &|script: &str| minify(ws, &work, script),
    };
    let files = hash_and_place(&work, &chunks, &ws.dist(), &minifier)?;
    write_index(&shell, &files, &ws.dist())?;
    let manifest = split_manifest(&split.prefetch_map, &files.chunk_names)?;
    std::fs::write(ws.dist().join(SPLIT_MANIFEST), &manifest)
        .with_context(|| format!("writing {SPLIT_MANIFEST}"))?;
    println!("split points -> files they fetch:");
    for (split_point, stems) in &split.prefetch_map {
        println!("  {split_point}: {}", stems.join(", "));
    }
    release::report_sizes(&ws.dist())
}

/// `cargo rustc`, so `--emit-relocs` (which the splitter needs) reaches only the final link:
/// a `RUSTFLAGS` variable would replace `.cargo/config.toml`'s rustflags (`--cfg
/// erase_components`) and rebuild every dependency; these extra arguments are added to them.
fn cargo_build(ws: &Workspace) -> Result<PathBuf> {
    ws.cargo(["rustc", "--release", "--locked", "--offline", "--target"])
        .args([WASM_TARGET, "--bin", BIN, "--features", "split", "--"])
        .arg("-Clink-arg=--emit-relocs")
        .run()?;
    Ok(release_wasm(ws, BIN))
}

/// The sign-in starter: its own small wasm, without the split feature (the split points'
/// exports would pull the task pages in), so the app's library is compiled a second time.
fn cargo_build_starter(ws: &Workspace) -> Result<PathBuf> {
    ws.cargo(["build", "--release", "--locked", "--offline", "--target"])
        .args([WASM_TARGET, "--bin", STARTER])
        .run()?;
    Ok(release_wasm(ws, STARTER))
}

/// Where cargo writes the release wasm of the binary `bin`.
fn release_wasm(ws: &Workspace, bin: &str) -> PathBuf {
    ws.root
        .join("target")
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{bin}.wasm"))
}

struct Split {
    out: PathBuf,
    /// Split point -> the file stems it fetches (`{"task_list": ["chunk_3", "split_task_list"]}`).
    prefetch_map: BTreeMap<String, Vec<String>>,
}

impl Split {
    /// Every chunk the splitter wrote (`split_*.wasm`, `chunk_*.wasm`), in name order.
    fn chunk_files(&self) -> Result<Vec<PathBuf>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.out)
            .with_context(|| format!("reading {}", self.out.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "wasm"))
            .collect();
        files.sort();
        Ok(files)
    }
}

/// The splitter, as a library: the cargo output stays untouched, the main module goes to
/// `work/main.wasm` for wasm-bindgen, the chunks and the loader to `work/out/`.
fn split(input: &Path, work: &Path) -> Result<Split> {
    let out = work.join("out");
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let wasm = std::fs::read(input).with_context(|| format!("reading {}", input.display()))?;
    let main = work.join("main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = &out;
    options.main_out_path = &main;
    options.link_name = LOADER;
    options.main_module = GLUE;
    let split = crate::cmd::timed("split: wasm_split_cli_support", || {
        wasm_split_cli_support::transform(options)
            .map_err(|err| anyhow::anyhow!("{err:?}"))
            .context("the wasm splitter failed")
    })
    .0?;
    let mut outputs = vec![main];
    outputs.extend(split.split_modules.iter().cloned());
    for path in &outputs {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        if contains(&bytes, PLACEHOLDER_IMPORT) {
            bail!(
                "{} still imports the split placeholder: the splitter missed a split point",
                path.display()
            );
        }
    }
    Ok(Split {
        out,
        prefetch_map: split.prefetch_map.into_iter().collect(),
    })
}

/// wasm-bindgen once, on the main module only (the chunks import from it through the loader).
/// `--keep-lld-exports` keeps what the chunks import; `--no-demangle` keeps the names the
/// splitter matched. The version on PATH is the one `tools::setup` checked against Cargo.lock.
fn bindgen(ws: &Workspace, work: &Path) -> Result<()> {
    let out = work.join("bindgen");
    ws.cmd("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-demangle"])
        .args(["--no-typescript", "--out-name", BIN, "--out-dir"])
        .arg(&out)
        .arg(work.join("main.wasm"))
        .run()?;
    if out.join("snippets").exists() {
        bail!(
            "wasm-bindgen wrote {}/snippets: the split build does not place JS snippets yet",
            out.display()
        );
    }
    Ok(())
}

/// wasm-bindgen on the sign-in starter, into `work/starter`.
fn bindgen_starter(ws: &Workspace, wasm: &Path, work: &Path) -> Result<()> {
    ws.cmd("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-name", STARTER])
        .arg("--out-dir")
        .arg(work.join("starter"))
        .arg(wasm)
        .run()
}

/// binaryen's wasm-opt (tools/, pinned) in place, one file at a time (two cores here).
fn optimize(ws: &Workspace, wasm: &Path) -> Result<()> {
    ws.cmd(ws.tools_bin.join("wasm-opt"))
        .shown_as("wasm-opt")
        .args(WASM_OPT_ARGS)
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .run()
}

/// Trunk on index.html without its rust link: the page, the hashed style sheet and public/,
/// in `work/shell/dist`. Returns that directory.
fn shell(ws: &Workspace, work: &Path) -> Result<PathBuf> {
    let dir = work.join("shell");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let index =
        std::fs::read_to_string(ws.root.join("index.html")).context("reading index.html")?;
    // `dir` is target/split/shell: the page's relative links go three levels up.
    std::fs::write(dir.join("index.html"), shell_html(&index, "../../../")?)
        .context("writing the shell index.html")?;
    let dist = dir.join("dist");
    release::trunk(ws)
        .args(["build", "--release", "true", "--dist"])
        .arg(&dist)
        .arg(dir.join("index.html"))
        .run()?;
    Ok(dist)
}

/// index.html for Trunk without the wasm: the rust link removed, the other Trunk links made
/// relative to a copy `up` levels below the root.
fn shell_html(index: &str, up: &str) -> Result<String> {
    let mut rust_links = 0;
    let mut out = String::with_capacity(index.len());
    for line in index.split_inclusive('\n') {
        if line.contains("data-trunk") && line.contains("rel=\"rust\"") {
            rust_links += 1;
            continue;
        }
        if line.contains("data-trunk") {
            out.push_str(&line.replacen("href=\"", &format!("href=\"{up}"), 1));
        } else {
            out.push_str(line);
        }
    }
    if rust_links != 1 {
        bail!("index.html has {rust_links} Trunk rust links, expected one on its own line");
    }
    Ok(out)
}

/// The files of the split build as dist/ names them.
#[derive(Debug)]
struct Placed {
    glue: String,
    loader: String,
    wasm: String,
    starter_glue: String,
    starter_wasm: String,
    /// Each chunk's stem (`chunk_4`) -> its dist/ name (`chunk_4-<hash>.wasm`).
    chunk_names: BTreeMap<String, String>,
    /// name -> `sha384-…`, for the preload hints.
    integrity: BTreeMap<String, String>,
}

/// How terser is run on each script.
const TERSER_ARGS: [&str; 5] = ["--module", "--compress", "--mangle", "--comments", "false"];

/// What minifies the scripts, and its name, version and flags for their hash.
struct Minifier<'a> {
    id: String,
    run: &'a dyn Fn(&str) -> Result<String>,
}

/// The pinned terser (tools/) on one ES module: compressed and mangled, comments dropped. The
/// glue is 68 KiB as wasm-bindgen writes it, much of it names and whitespace.
fn minify(ws: &Workspace, work: &Path, script: &str) -> Result<String> {
    let input = work.join("minify-in.js");
    let output = work.join("minify-out.js");
    std::fs::write(&input, script).with_context(|| format!("writing {}", input.display()))?;
    ws.cmd(ws.tools_bin.join("terser"))
        .shown_as("terser")
        .arg(&input)
        .args(TERSER_ARGS)
        .arg("--output")
        .arg(&output)
        .run()?;
    std::fs::read_to_string(&output).with_context(|| format!("reading {}", output.display()))
}

/// Copies the shell, then the chunks, main module, glue and loader under hashed names into
/// `dist`, rewriting the names where they are referenced; the two scripts go through `minify`
/// last, and their shared hash covers the terser version too, so a new minifier renames them.
fn hash_and_place(
    work: &Path,
    chunks: &[PathBuf],
    dist: &Path,
    minifier: &Minifier,
) -> Result<Placed> {
    let read =
        |path: &Path| std::fs::read(path).with_context(|| format!("reading {}", path.display()));
    let bindgen = work.join("bindgen");
    let mut loader = String::from_utf8(read(
        &work.join("out").join(LOADER.trim_start_matches("./")),
    )?)
    .context("the loader is not UTF-8")?;
    let mut writes: Vec<(String, Vec<u8>)> = Vec::new();
    let mut chunk_names = BTreeMap::new();
    for chunk in chunks {
        let stem = file_stem(chunk)?;
        let bytes = read(chunk)?;
        let name = format!("{stem}-{}.wasm", content_hash(&[&bytes]));
        loader = replace_once(
            &loader,
            &format!("\"./{stem}.wasm\""),
            &format!("\"./{name}\""),
        )?;
        chunk_names.insert(stem, name.clone());
        writes.push((name, bytes));
    }
    let wasm_bytes = read(&bindgen.join(format!("{BIN}_bg.wasm")))?;
    let glue = String::from_utf8(read(&bindgen.join(format!("{BIN}.js")))?)
        .context("the glue is not UTF-8")?;
    // Glue and loader import each other, so one hash over the three names them all: a change
    // to any of them renames both scripts and the main wasm.
    let hash = content_hash(&[
        &wasm_bytes,
        glue.as_bytes(),
        loader.as_bytes(),
        minifier.id.as_bytes(),
    ]);
    let placed_glue = format!("{BIN}-{hash}.js");
    let placed_loader = format!("{BIN}-split-{hash}.js");
    let placed_wasm = format!("{BIN}-{hash}_bg.wasm");
    let glue = rewrite_glue(&glue, &placed_loader)?;
    let loader = replace_once(
        &loader,
        &format!("from \"{GLUE}\""),
        &format!("from \"./{placed_glue}\""),
    )?;
    writes.push((placed_wasm.clone(), wasm_bytes));
    writes.push((placed_glue.clone(), (minifier.run)(&glue)?.into_bytes()));
    writes.push((placed_loader.clone(), (minifier.run)(&loader)?.into_bytes()));

    let starter = work.join("starter");
    let starter_wasm = read(&starter.join(format!("{STARTER}_bg.wasm")))?;
    let starter_glue = read(&starter.join(format!("{STARTER}.js")))?;
    let starter_hash = content_hash(&[&starter_wasm, &starter_glue, minifier.id.as_bytes()]);
    let placed_starter_glue = format!("{STARTER}-{starter_hash}.js");
    let placed_starter_wasm = format!("{STARTER}-{starter_hash}_bg.wasm");
    let starter_glue =
        String::from_utf8(starter_glue).context("the starter's glue is not UTF-8")?;
    writes.push((placed_starter_wasm.clone(), starter_wasm));
    writes.push((
        placed_starter_glue.clone(),
        (minifier.run)(&starter_glue)?.into_bytes(),
    ));

    let shell = work.join("shell/dist");
    if dist.exists() {
        std::fs::remove_dir_all(dist).with_context(|| format!("emptying {}", dist.display()))?;
    }
    city_tasks_delivery::finish::copy_dir(&shell, dist)
        .with_context(|| format!("copying {} to {}", shell.display(), dist.display()))?;
    let mut integrity = BTreeMap::new();
    for (name, bytes) in &writes {
        integrity.insert(name.clone(), sri(bytes));
        std::fs::write(dist.join(name), bytes).with_context(|| format!("writing {name}"))?;
    }
    Ok(Placed {
        glue: placed_glue,
        loader: placed_loader,
        wasm: placed_wasm,
        starter_glue: placed_starter_glue,
        starter_wasm: placed_starter_wasm,
        chunk_names,
        integrity,
    })
}

/// The glue's static imports of the loader (one per split point, all the same module) point at
/// its hashed name. Only the specifiers: the import object's key `"./__wasm_split.js"` must
/// stay, it is the wasm's import module name.
fn rewrite_glue(glue: &str, placed_loader: &str) -> Result<String> {
    let specifier = |quote: char| format!("from {quote}{LOADER}{quote}");
    // Every import in either quote style, so none is left naming a file dist/ does not hold.
    let mut rewritten = glue.to_string();
    for quote in ['\'', '"'] {
        rewritten = rewritten.replace(
            &specifier(quote),
            &format!("from {quote}./{placed_loader}{quote}"),
        );
    }
    if rewritten == glue {
        bail!("the wasm-bindgen glue does not import {LOADER}: was the wasm split?")
    }
    Ok(rewritten)
}

/// `{"task_list": ["chunk_5-<hash>.wasm", …], …}`: each split point's files by dist/ name.
fn split_manifest(
    prefetch_map: &BTreeMap<String, Vec<String>>,
    chunk_names: &BTreeMap<String, String>,
) -> Result<String> {
    let mut manifest = BTreeMap::new();
    for (split_point, stems) in prefetch_map {
        let names = stems
            .iter()
            .map(|stem| {
                chunk_names.get(stem).cloned().with_context(|| {
                    format!("the split point {split_point} fetches {stem}, which was not placed")
                })
            })
            .collect::<Result<Vec<_>>>()?;
        manifest.insert(split_point.clone(), names);
    }
    Ok(serde_json::to_string_pretty(&manifest)? + "\n")
}

/// The shell's index.html with the boot tag and the preload hints, written to dist/.
fn write_index(shell: &Path, files: &Placed, dist: &Path) -> Result<()> {
    let index =
        std::fs::read_to_string(shell.join("index.html")).context("reading the shell page")?;
    let html = with_boot_tags(&index, files)?;
    std::fs::write(dist.join("index.html"), html).context("writing dist/index.html")
}

/// The boot tag, naming every file `boot.js` may start, with the integrity it checks (the
/// starter's glue is checked by its `modulepreload`, which its `import()` then uses), and
/// preload hints for the sign-in starter only. The hints are on every page, as the page is the
/// same file: the app's would take the starter's bandwidth on the landing page, and elsewhere
/// `boot.js` fetches the app's glue, loader and wasm at once; the starter's, unused there, is
/// cached for good after one fetch. No inline script, so the strict CSP holds.
fn with_boot_tags(index: &str, files: &Placed) -> Result<String> {
    let sri = |name: &String| {
        files
            .integrity
            .get(name)
            .with_context(|| format!("no integrity for {name}"))
    };
    let tags = format!(
        "<script type=\"module\" src=\"/boot.js\" data-glue=\"/{glue}\" data-glue-integrity=\"{glue_sri}\" \
         data-loader=\"/{loader}\" data-loader-integrity=\"{loader_sri}\" data-wasm=\"/{wasm}\" data-wasm-integrity=\"{wasm_sri}\" \
         data-starter-glue=\"/{starter_glue}\" data-starter-wasm=\"/{starter_wasm}\" data-starter-wasm-integrity=\"{starter_wasm_sri}\"></script>\n    \
         <link rel=\"modulepreload\" href=\"/{starter_glue}\" crossorigin=\"anonymous\" integrity=\"{starter_glue_sri}\">\n    \
         <link rel=\"preload\" href=\"/{starter_wasm}\" crossorigin=\"anonymous\" integrity=\"{starter_wasm_sri}\" as=\"fetch\" type=\"application/wasm\">\n  ",
        glue = files.glue,
        wasm = files.wasm,
        loader = files.loader,
        starter_glue = files.starter_glue,
        starter_wasm = files.starter_wasm,
        glue_sri = sri(&files.glue)?,
        loader_sri = sri(&files.loader)?,
        wasm_sri = sri(&files.wasm)?,
        starter_glue_sri = sri(&files.starter_glue)?,
        starter_wasm_sri = sri(&files.starter_wasm)?,
    );
    replace_once(index, "</head>", &format!("{tags}</head>"))
}

/// 16 hex digits of SHA-256 over the parts: what `publish::has_content_hash` recognises.
fn content_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Subresource integrity, as Trunk writes it.
fn sri(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `text` with `from` replaced, which must occur exactly once: a rename that matched nothing
/// (or two things) would leave a file pointing at a name that is not deployed.
fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => bail!("expected `{from}` once, found it {n} times"),
    }
}

fn file_stem(path: &Path) -> Result<String> {
    path.file_stem()
        .and_then(|s| s.to_str())
        .map(str::to_owned)
        .with_context(|| format!("{} has no file name", path.display()))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_16_hex_digits_that_follow_the_content() {
        let a = content_hash(&[b"abc"]);
        assert_eq!(a.len(), 16);
        assert!(city_tasks_delivery::publish::is_content_hash(&a), "{a}");
        assert_eq!(a, content_hash(&[b"abc"]));
        assert_ne!(a, content_hash(&[b"abd"]));
        // Parts are length-prefixed: moving a byte between them changes the hash.
        assert_ne!(content_hash(&[b"ab", b"c"]), content_hash(&[b"a", b"bc"]));
    }

    #[test]
    fn sri_is_sha384_in_base64() {
        // `printf '' | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            sri(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }

    #[test]
    fn replacing_needs_exactly_one_match() {
        assert_eq!(replace_once("a x b", "x", "y").unwrap(), "a y b");
        assert!(replace_once("a b", "x", "y").is_err());
        assert!(replace_once("x x", "x", "y").is_err());
    }

    #[test]
    fn the_glue_imports_the_hashed_loader_but_keeps_the_import_key() {
        let glue = "import * as import1 from \"./__wasm_split.js\"\n\
                    const imports = { \"./__wasm_split.js\": import1 };";
        let out = rewrite_glue(glue, "city-tasks-split-0123456789abcdef.js").unwrap();
        assert!(
            out.contains("from \"./city-tasks-split-0123456789abcdef.js\""),
            "{out}"
        );
        assert!(out.contains("{ \"./__wasm_split.js\": import1 }"), "{out}");
        assert!(rewrite_glue("import x from './other.js'", "l.js").is_err());
        // Both quote styles in one glue: neither may keep the unhashed name.
        let mixed = "import a from './__wasm_split.js'\nimport b from \"./__wasm_split.js\"";
        let out = rewrite_glue(mixed, "l.js").unwrap();
        assert_eq!(out, "import a from './l.js'\nimport b from \"./l.js\"");
    }

    #[test]
    fn the_shell_page_has_no_rust_link_and_links_up_to_the_root() {
        let index = "<head>\n    <link rel=\"icon\" href=\"/icon.svg\" />\n    \
                     <link data-trunk rel=\"css\" href=\"style/main.css\" />\n    \
                     <link data-trunk rel=\"rust\" data-bin=\"city-tasks\" />\n</head>\n";
        let shell = shell_html(index, "../../").unwrap();
        assert!(!shell.contains("rel=\"rust\""), "{shell}");
        assert!(shell.contains("href=\"../../style/main.css\""), "{shell}");
        assert!(shell.contains("href=\"/icon.svg\""), "{shell}");
        assert!(shell_html("<head></head>", "../").is_err());
    }

    #[test]
    fn the_split_manifest_names_each_split_points_files_as_placed() {
        let map: BTreeMap<String, Vec<String>> = [(
            "task_list".to_string(),
            vec!["chunk_5".to_string(), "split_task_list".to_string()],
        )]
        .into();
        let names: BTreeMap<String, String> = [
            ("chunk_5", "chunk_5-0123456789abcdef.wasm"),
            ("split_task_list", "split_task_list-fedcba9876543210.wasm"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .into();
        let manifest: BTreeMap<String, Vec<String>> =
            serde_json::from_str(&split_manifest(&map, &names).unwrap()).unwrap();
        assert_eq!(
            manifest["task_list"],
            [
                "chunk_5-0123456789abcdef.wasm",
                "split_task_list-fedcba9876543210.wasm"
            ]
        );
        let unplaced: BTreeMap<String, Vec<String>> =
            [("task_form".to_string(), vec!["chunk_9".to_string()])].into();
        assert!(split_manifest(&unplaced, &names).is_err());
    }

    #[test]
    fn the_boot_tags_name_every_hashed_script_and_preload_only_the_starter() {
        let files = Placed {
            glue: "g.js".into(),
            loader: "l.js".into(),
            wasm: "w_bg.wasm".into(),
            starter_glue: "s.js".into(),
            starter_wasm: "s_bg.wasm".into(),
            chunk_names: BTreeMap::new(),
            integrity: [
                ("g.js", "sha384-G"),
                ("l.js", "sha384-L"),
                ("w_bg.wasm", "sha384-W"),
                ("s.js", "sha384-S"),
                ("s_bg.wasm", "sha384-SW"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into(),
        };
        let html = with_boot_tags("<head>\n  </head><body></body>", &files).unwrap();
        let tag = "<script type=\"module\" src=\"/boot.js\" data-glue=\"/g.js\" \
                   data-glue-integrity=\"sha384-G\" data-loader=\"/l.js\" \
                   data-loader-integrity=\"sha384-L\" data-wasm=\"/w_bg.wasm\" \
                   data-wasm-integrity=\"sha384-W\" data-starter-glue=\"/s.js\" \
                   data-starter-wasm=\"/s_bg.wasm\" data-starter-wasm-integrity=\"sha384-SW\"></script>";
        assert!(html.contains(tag), "{html}");
        assert!(html.contains(
            "<link rel=\"modulepreload\" href=\"/s.js\" crossorigin=\"anonymous\" integrity=\"sha384-S\">"
        ));
        assert!(
            html.contains("href=\"/s_bg.wasm\" crossorigin=\"anonymous\" integrity=\"sha384-SW\"")
        );
        // The app's files are for boot.js to fetch, never hinted: the landing page does not need them.
        assert_eq!(html.matches("<link").count(), 2, "{html}");
        assert!(html.find("</head>") > html.find("sha384-SW"));
        assert!(with_boot_tags("<html></html>", &files).is_err());
    }
}
