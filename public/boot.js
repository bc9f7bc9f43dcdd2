// Starts the page without an inline script, so the Content-Security-Policy needs no
// 'unsafe-inline'. The tag's data attributes name the hashed files: Trunk's `pattern_script`
// (Trunk.toml) writes the app's glue and wasm; the split build (xtask/src/split.rs) also the
// chunk loader, the sign-in starter and the integrity of each.
//
// On the landing page (`/` or `/home`, no query, no session in this tab) the sign-in starter
// (src/sign_in_starter) runs first: a small wasm that shows the signed-out landing page and
// signs in from it. When it does, the app is only prefetched, for the callback page; when it
// declines (a configuration the app must explain) or fails, and on any other page, the app
// starts.
const tag = document.querySelector("script[data-glue][data-wasm]");
const files = tag.dataset;

// A hint for a file, with its integrity when the build wrote one.
const hint = (rel, href, integrity) => {
  const link = document.createElement("link");
  link.rel = rel;
  link.href = href;
  link.crossOrigin = "anonymous";
  if (integrity) link.integrity = integrity;
  document.head.append(link);
};

// The wasm as wasm-bindgen's init takes it: fetched here with its integrity, or its URL.
const wasmOf = (href, integrity) => (integrity ? fetch(href, { integrity }) : href);

let appStarting = false;
const startApp = async () => {
  if (appStarting) return;
  appStarting = true;
  // Glue, loader and wasm at once: the glue imports the loader, and the wasm is fetched here
  // rather than after the glue has loaded.
  hint("modulepreload", files.glue, files.glueIntegrity);
  if (files.loader) hint("modulepreload", files.loader, files.loaderIntegrity);
  const wasm = wasmOf(files.wasm, files.wasmIntegrity);
  const { default: init } = await import(files.glue);
  const instance = await init({ module_or_path: wasm });
  // As Trunk's own loader does: lets tools (the benchmark) find the instance, e.g. its memory.
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: instance } }));
};

// A panic aborts the starter without settling its promise and leaves its buttons dead; its
// panic hook dispatches this event (sign_in_starter::STARTER_FAILED_EVENT), and the app, which
// replaces the landing page with its own, takes over.
const starterFailed = new Promise((resolve) =>
  addEventListener("city-tasks:starter-failed", () => resolve(false), { once: true }),
);

// Whether the starter shows this page; any failure of its own starts the app instead.
const startStarter = async () => {
  try {
    const starter = await import(files.starterGlue);
    await starter.default({
      module_or_path: wasmOf(files.starterWasm, files.starterWasmIntegrity),
    });
    return await Promise.race([starter.start_landing(), starterFailed]);
  } catch (error) {
    console.error("The sign-in starter failed; starting the app.", error);
    return false;
  }
};

// The app's files into the HTTP cache while the landing page is read, so the callback page
// after the Hosted UI starts at once. Low priority, once the page has loaded, and not for a
// visitor who asked the browser to save data.
const prefetchApp = () => {
  if (navigator.connection?.saveData) return;
  const prefetch = () => {
    for (const href of [files.glue, files.loader, files.wasm]) if (href) hint("prefetch", href);
  };
  const idle = () => (window.requestIdleCallback ?? setTimeout)(prefetch);
  if (document.readyState === "complete") idle();
  else addEventListener("load", idle, { once: true });
};

// The app's session key (auth/browser/storage.rs SESSION_KEY, checked by a test there): a tab
// with a session is the app's, so it need not wait for the starter to decline.
const hasSession = () => {
  try {
    return sessionStorage.getItem("city-tasks.session") !== null;
  } catch {
    return false;
  }
};

const landing =
  ["/", "/home"].includes(location.pathname) && location.search === "" && !hasSession();
if (files.starterGlue && landing && (await startStarter())) {
  prefetchApp();
  starterFailed.then(startApp);
} else {
  await startApp();
}
