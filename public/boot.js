// Starts the app without an inline script, so the Content-Security-Policy needs no
// 'unsafe-inline': Trunk's `pattern_script` (Trunk.toml) renders this tag with the hashed
// file names in data attributes.
const tag = document.querySelector("script[data-glue][data-wasm]");
const { default: init } = await import(tag.dataset.glue);
const wasm = await init({ module_or_path: tag.dataset.wasm });
// As Trunk's own loader does: lets tools (the benchmark) find the instance, e.g. its memory.
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
