// Qawl's annotation worker: loads the WebAssembly core off the main thread and annotates what the
// page sends, so that typing and scrolling never wait for the core.
//
// Messages in:  { type: 'wasm', module }         first: the module, compiled by the page (boot.js)
//               { type: 'list', id, text }         use this personal list from now on ('' for none)
//               { type: 'annotate', id, text }   annotate one text (or one chunk of a long one)
//               { type: 'panic', id }            make the core panic (the page's recovery test)
// Messages out: { type: 'ready', samples, initMs }   the core is loaded; initMs since this worker began
//               { type: 'init-failed', reason }
//               { type: 'result', id, result }   for 'list': { entries } or { error }
//               { type: 'failed', id, reason }  the core threw or panicked; this worker is done for

import init, { Annotator, annotate, samples, lastPanic, panicNow } from './pkg/qawl.js';

const started = performance.now();
let broken = false;
// The annotator with the personal list, or null for the built-in lists alone.
let personal = null;

// Replaces the personal list; a list that does not parse leaves the previous one in use.
function useList(text) {
  if (!text.trim()) {
    if (personal) personal.free();
    personal = null;
    return { entries: 0 };
  }
  let next;
  try {
    next = new Annotator(text);
  } catch (error) {
    // A trap is the core's failure, not the list's.
    if (error instanceof WebAssembly.RuntimeError) throw error;
    return { error: String(error && error.message ? error.message : error) };
  }
  if (personal) personal.free();
  personal = next;
  return { entries: next.entries };
}

function reasonOf(error) {
  return lastPanic() || String(error && error.message ? error.message : error);
}

// The page compiles the module once for all its workers and posts it as the first message.
const wasmModule = new Promise((resolve) => {
  self.addEventListener('message', (event) => resolve(event.data.module), { once: true });
});

// True once the page has asked for anything: the warm-up then has nothing left to win.
let asked = false;

// Between loading and the page's first request the page is busy laying itself out, and this
// worker would sit idle. It runs the start of a sample through the core there (whose lists and
// model the module's start built), so that the engine has compiled the code an article needs
// before the first article comes. It waits for a turn of the event loop first and is skipped
// once a request has come in.
function warmUp(sample) {
  setTimeout(() => {
    if (asked || broken) return;
    try {
      annotate(sample);
    } catch {
      // As after a failed request: this instance is not called again.
      broken = true;
    }
  }, 0);
}

const ready = wasmModule.then((module) => init({ module_or_path: module })).then(
  () => {
    const bundled = samples();
    postMessage({ type: 'ready', samples: bundled, initMs: performance.now() - started });
    const text = bundled.length ? bundled[0].text : '';
    // About a quarter of an article, cut at a line end.
    const cut = text.indexOf('\n', 800);
    warmUp(cut < 0 ? text : text.slice(0, cut));
    return true;
  },
  (error) => {
    postMessage({ type: 'init-failed', reason: String(error && error.message ? error.message : error) });
    return false;
  },
);

self.addEventListener('message', async (event) => {
  const message = event.data;
  if (message.type !== 'wasm') asked = true;
  if (message.type === 'wasm' || !(await ready)) return;
  if (broken) {
    postMessage({ type: 'failed', id: message.id, reason: 'the core stopped after an earlier failure' });
    return;
  }
  try {
    if (message.type === 'panic') panicNow('requested by the page (recovery test)');
    else if (message.type === 'list') {
      postMessage({ type: 'result', id: message.id, result: useList(message.text) });
    } else if (message.type === 'annotate') {
      const result = personal ? personal.annotate(message.text) : annotate(message.text);
      postMessage({ type: 'result', id: message.id, result });
    }
  } catch (error) {
    // After a trap the module's memory may be inconsistent: report, and let the page start a
    // fresh worker rather than calling into this instance again.
    broken = true;
    postMessage({ type: 'failed', id: message.id, reason: reasonOf(error) });
  }
});
