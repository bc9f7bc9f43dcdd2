// The benchmark's in-page probe, installed before every document loads (CDP
// Page.addScriptToEvaluateOnNewDocument), so it sees the page from navigation start. Timings are
// taken in the page with performance.now(), never across the WebDriver round trip. The harness
// reads window.__bench.snapshot() and drives window.__bench.search.
(() => {
  if (window.__bench) return;
  const now = () => performance.now();
  // Test ids whose first usable appearance is timed: the Login button, the task rows.
  const WATCHED = ["login", "task-row"];
  const WATCH_LIMIT_MS = 60000;
  const seen = {};
  const painted = {};

  // The wasm memory stays in this closure; only its size is exposed.
  let wasmMemory = null;
  addEventListener("TrunkApplicationStarted", (event) => {
    wasmMemory = event.detail?.wasm?.memory ?? null;
  });

  // Calls done(time) after the next frame has been rendered: rAF runs before that frame's
  // paint, and a message posted from it is handled only once the frame is finished.
  const afterNextFrame = (done) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(now());
      channel.port2.postMessage(null);
    });

  const usable = (element) =>
    element.isConnected &&
    !element.disabled &&
    (element.checkVisibility ? element.checkVisibility() : element.getClientRects().length > 0);

  // Returns whether some watched id is still missing.
  const checkWatched = () => {
    let missing = false;
    for (const id of WATCHED) {
      if (id in seen) continue;
      const element = document.querySelector(`[data-testid="${id}"]`);
      if (element && usable(element)) {
        seen[id] = now();
        afterNextFrame((time) => {
          painted[id] = time;
        });
      } else {
        missing = true;
      }
    }
    return missing;
  };
  let watching = true;
  const watcher = new MutationObserver(() => {
    if (!checkWatched() || now() > WATCH_LIMIT_MS) stopWatching();
  });
  const stopWatching = () => {
    watching = false;
    watcher.disconnect();
  };
  watcher.observe(document, { childList: true, subtree: true, attributes: true });
  // Visibility can change without a mutation (a style sheet arriving): look once per frame too.
  const poll = () => {
    if (watching && checkWatched() && now() < WATCH_LIMIT_MS) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);

  // Search: for each key, from the keydown's timeStamp to the end of the frame that rendered the
  // last change of the list for that key. A continuous rAF loop marks frames: a change made
  // inside a frame (in a requestAnimationFrame callback) is on screen when that frame ends;
  // a change made between frames, when the next one ends.
  const search = {
    keys: [],
    armed: false,
    frame: 0,
    inFrame: false,
    waiters: [],
    lastActivity: 0,
  };
  const frameLoop = () => {
    if (!search.armed) return;
    requestAnimationFrame(() => {
      search.frame += 1;
      search.inFrame = true;
      const frame = search.frame;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        search.inFrame = false;
        const time = now();
        const due = search.waiters.filter((w) => w.frame <= frame);
        search.waiters = search.waiters.filter((w) => w.frame > frame);
        for (const waiter of due) waiter.done(time);
      };
      channel.port2.postMessage(null);
      frameLoop();
    });
  };
  // The end of the frame that will show a change made now.
  const whenShown = (record) => {
    const frame = search.inFrame ? search.frame : search.frame + 1;
    search.waiters.push({
      frame,
      done: (time) => {
        record.settled = Math.max(record.settled ?? 0, time);
      },
    });
  };
  search.arm = (selector) => {
    const input = document.querySelector(selector);
    const root = input?.closest("section") ?? document.body;
    new MutationObserver((mutations) => {
      const record = search.keys[search.keys.length - 1];
      search.lastActivity = now();
      if (!record) return;
      record.mutations += mutations.length;
      whenShown(record);
    }).observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
    addEventListener(
      "keydown",
      (event) => {
        const record = { key: event.key, start: event.timeStamp, settled: null, mutations: 0 };
        search.keys.push(record);
        search.lastActivity = now();
        // Even a key that changes nothing in the list is shown (in the box) a frame later.
        whenShown(record);
      },
      true,
    );
    search.armed = true;
    frameLoop();
    return Boolean(input);
  };
  search.status = () => ({
    keys: search.keys.map((k) => ({ ...k })),
    idleMs: now() - search.lastActivity,
    waiting: search.waiters.length,
  });

  const entry = (e) => ({
    name: e.name,
    entryType: e.entryType,
    initiatorType: e.initiatorType ?? "",
    startTime: e.startTime,
    responseEnd: e.responseEnd,
    transferSize: e.transferSize ?? 0,
    encodedBodySize: e.encodedBodySize ?? 0,
    decodedBodySize: e.decodedBodySize ?? 0,
  });

  window.__bench = {
    // Called before measuring something else, so the watcher's work is not in those timings.
    stopWatching,
    snapshot: () => ({
      url: location.href,
      timeOrigin: performance.timeOrigin,
      now: now(),
      readyState: document.readyState,
      seen: { ...seen },
      painted: { ...painted },
      jsHeapBytes: performance.memory?.usedJSHeapSize ?? null,
      wasmMemoryBytes: wasmMemory?.buffer.byteLength ?? null,
      entries: [
        ...performance.getEntriesByType("navigation"),
        ...performance.getEntriesByType("resource"),
      ].map(entry),
    }),
    search,
  };
})();
