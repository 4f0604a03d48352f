// Starts the WebAssembly core as early as the page allows: a classic script in the page's head,
// so that the module's download and compile (once, for every worker) and the first worker's
// start run while the browser parses, styles and lays out the page. core.js takes them over.
//
// The one-file build (make onefile) carries the worker's code and the wasm module in inert data
// blocks placed before this script: its worker starts from a Blob URL. The published page starts
// worker.js. Either way the worker gets the compiled module as its first message.
(() => {
  const errorText = (error) => String(error && error.message ? error.message : error);
  const block = (selector) => document.querySelector(selector);
  const bundledWorker = block('script#qawl-worker[type="text/plain"]');
  const bundledWasm = block('script#qawl-wasm[type="application/octet-stream"]');
  const bundled = Boolean(bundledWorker && bundledWasm);
  const base = document.currentScript ? document.currentScript.src || document.baseURI : document.baseURI;
  const workerUrl = bundled
    ? URL.createObjectURL(new Blob([bundledWorker.textContent], { type: 'text/javascript' }))
    : new URL('worker.js', base);
  const wasmUrl = new URL('pkg/qawl_bg.wasm', base);

  // Compiles the module as it downloads; a server that does not say application/wasm gets the
  // plain compile of the downloaded bytes instead.
  async function compile() {
    if (bundled) {
      return WebAssembly.compile(Uint8Array.from(atob(bundledWasm.textContent.trim()), (c) => c.charCodeAt(0)));
    }
    const response = await fetch(wasmUrl);
    if (!response.ok) throw new Error(`${wasmUrl.pathname}: ${response.status} ${response.statusText}`);
    if ((response.headers.get('content-type') || '').split(';')[0].trim() === 'application/wasm') {
      return WebAssembly.compileStreaming(response);
    }
    return WebAssembly.compile(await response.arrayBuffer());
  }

  const compileStarted = performance.now();
  const compiled = compile();

  // A worker that gets the compiled module once there is one.
  function newWorker() {
    // A classic worker for the one file: Chromium does not start module workers from Blob URLs
    // of a file:// page.
    const worker = bundled ? new Worker(workerUrl) : new Worker(workerUrl, { type: 'module' });
    compiled.then((module) => worker.postMessage({ type: 'wasm', module }), () => {});
    // A worker's message with no listener yet is lost, and the first worker can be ready before
    // the page's modules have run (a slow or busy machine): its messages are kept here until
    // core.js listens and takes them.
    const early = [];
    const keep = (event) => early.push(event);
    worker.addEventListener('message', keep);
    worker.addEventListener('error', keep);
    worker.takeEarly = () => {
      worker.removeEventListener('message', keep);
      worker.removeEventListener('error', keep);
      return early.splice(0);
    };
    return worker;
  }

  // The compiled module, or a readable error when it cannot load (marked as handled: the
  // workers' owners report it).
  const loaded = compiled.catch((error) => {
    throw new Error(`the core did not load: ${errorText(error)}`);
  });
  loaded.catch(() => {});

  let first = newWorker();
  self.qawlBoot = {
    compileStarted,
    compiled: loaded,
    // The worker started here the first time, a new one after that.
    worker() {
      const worker = first || newWorker();
      first = null;
      return worker;
    },
  };
})();
