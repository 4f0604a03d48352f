// Qawl's annotation worker: loads the WebAssembly core off the main thread and annotates what the
// page sends, so that typing and scrolling never wait for the core.
//
// Messages in:  { type: 'wasm', module }         first, in the one-file build only
//               { type: 'annotate', id, text }   annotate one text (or one chunk of a long one)
//               { type: 'panic', id }            make the core panic (the page's recovery test)
// Messages out: { type: 'ready', samples, initMs, wasm }   the core is loaded; wasm = resource timing
//               { type: 'init-failed', reason }
//               { type: 'result', id, result }
//               { type: 'failed', id, reason }  the core threw or panicked; this worker is done for

import init, { annotate, samples, lastPanic, panicNow } from './pkg/qawl.js';

const started = performance.now();
let broken = false;

function reasonOf(error) {
  return lastPanic() || String(error && error.message ? error.message : error);
}

// The one-file build (make onefile) has no wasm file to fetch: its page compiles the inlined
// module once and posts it to each worker, named 'qawl-onefile', as the first message.
const wasmModule = self.name === 'qawl-onefile'
  ? new Promise((resolve) => {
    self.addEventListener('message', (event) => resolve(event.data.module), { once: true });
  })
  : Promise.resolve(undefined);

const ready = wasmModule.then((module) => init(module ? { module_or_path: module } : undefined)).then(
  () => {
    const resource = performance.getEntriesByType('resource')
      .find((entry) => entry.name.endsWith('.wasm'));
    postMessage({
      type: 'ready',
      samples: samples(),
      initMs: performance.now() - started,
      wasm: resource
        ? { fetchMs: resource.responseEnd - resource.startTime, bytes: resource.encodedBodySize || 0 }
        : null,
    });
    return true;
  },
  (error) => {
    postMessage({ type: 'init-failed', reason: String(error && error.message ? error.message : error) });
    return false;
  },
);

self.addEventListener('message', async (event) => {
  const message = event.data;
  if (message.type === 'wasm' || !(await ready)) return;
  if (broken) {
    postMessage({ type: 'failed', id: message.id, reason: 'the core stopped after an earlier failure' });
    return;
  }
  try {
    if (message.type === 'panic') panicNow('requested by the page (recovery test)');
    else if (message.type === 'annotate') {
      postMessage({ type: 'result', id: message.id, result: annotate(message.text) });
    }
  } catch (error) {
    // After a trap the module's memory may be inconsistent: report, and let the page start a
    // fresh worker rather than calling into this instance again.
    broken = true;
    postMessage({ type: 'failed', id: message.id, reason: reasonOf(error) });
  }
});
