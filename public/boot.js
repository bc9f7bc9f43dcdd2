// Starts the page without an inline script, so the Content-Security-Policy needs no
// 'unsafe-inline'. The tag's data attributes name the hashed files: Trunk's `pattern_script`
// (Trunk.toml) writes the glue and wasm, the split build (xtask/src/split.rs) also the chunk
// loader, the sign-in starter and their integrity.
//
// On the landing page (`/` or `/home`, no query) the sign-in starter (src/sign_in_starter)
// runs first: a small wasm that shows the signed-out landing page and signs in from it. When
// it does, the app is only prefetched, for the callback page; when it declines (a session in
// this tab, a configuration error), or on any other page, the app starts.
const tag = document.querySelector("script[data-glue][data-wasm]");
const files = tag.dataset;

// A `modulepreload` hint for a script, with its integrity when the build wrote one.
const hint = (rel, href, integrity) => {
  const link = document.createElement("link");
  link.rel = rel;
  link.href = href;
  link.crossOrigin = "anonymous";
  if (integrity) link.integrity = integrity;
  document.head.append(link);
};

const startApp = async () => {
  // Glue, loader and wasm at once: the glue imports the loader, and the wasm is fetched here
  // rather than after the glue has loaded.
  hint("modulepreload", files.glue, files.glueIntegrity);
  if (files.loader) hint("modulepreload", files.loader, files.loaderIntegrity);
  const wasm = files.wasmIntegrity
    ? fetch(files.wasm, { integrity: files.wasmIntegrity })
    : files.wasm;
  const { default: init } = await import(files.glue);
  const instance = await init({ module_or_path: wasm });
  // As Trunk's own loader does: lets tools (the benchmark) find the instance, e.g. its memory.
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: instance } }));
};

// Whether the starter shows this page; any failure of its own starts the app instead.
const startStarter = async () => {
  try {
    const starter = await import(files.starterGlue);
    await starter.default({ module_or_path: files.starterWasm });
    return await starter.start_landing();
  } catch (error) {
    console.error("The sign-in starter failed; starting the app.", error);
    return false;
  }
};

// The app's files into the HTTP cache while the landing page is read, so the callback page
// after the Hosted UI starts at once. Low priority, after the page has loaded.
const prefetchApp = () => {
  const prefetch = () => {
    for (const href of [files.glue, files.loader, files.wasm]) if (href) hint("prefetch", href);
  };
  const idle = () => (window.requestIdleCallback ?? setTimeout)(prefetch);
  if (document.readyState === "complete") idle();
  else addEventListener("load", idle, { once: true });
};

const landing = ["/", "/home"].includes(location.pathname) && location.search === "";
if (files.starterGlue && landing && (await startStarter())) {
  prefetchApp();
} else {
  await startApp();
}
