// The WebAssembly core, in workers. boot.js, a classic script in the page's head, has already
// started the module's compile and the first worker; this module keeps the pool of workers and
// their requests. The page imports it before anything else.

const boot = self.qawlBoot;

function newWorker() {
  if (!boot) throw new Error('the page did not load boot.js');
  return boot.worker();
}

// One worker with its own instance of the core.
class Core {
  constructor() {
    this.pending = new Map();
    this.next = 1;
    this.start();
  }

  start() {
    let worker;
    try {
      worker = newWorker();
    } catch (error) {
      this.ready = Promise.reject(error);
      this.ready.catch(() => {});
      this.isReady = false;
      return;
    }
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (event) => {
        const message = event.data;
        if (message.type === 'ready') resolve({ ...message, loadMs: performance.now() - boot.compileStarted });
        else if (message.type === 'init-failed') reject(new Error(message.reason));
        else this.answer(message);
      };
      // An error event before `ready`: the worker script or the module did not load.
      const onError = (event) => {
        event.preventDefault();
        reject(new Error(event.message || 'the worker did not start'));
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      // What the worker said before this listened (see boot.js), in order.
      for (const event of worker.takeEarly ? worker.takeEarly() : []) {
        if (event.type === 'error') onError(event);
        else onMessage(event);
      }
      // The module did not download or compile.
      boot.compiled.catch(reject);
    });
    this.isReady = false;
    this.ready.then(() => { this.isReady = true; }, () => {});
    if (cores.list.trim()) this.request('list', cores.list).catch(() => {});
  }

  answer(message) {
    const request = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.type === 'result') {
      if (request) request.resolve(message.result);
      return;
    }
    // The core threw or panicked: this worker may be unusable. Fail everything it was asked,
    // start a fresh one, and let the page say what happened.
    const failed = [...this.pending.values()];
    this.pending.clear();
    this.worker.terminate();
    this.start();
    const error = new Error(message.reason);
    error.name = 'CoreFailure';
    if (request) request.reject(error);
    for (const other of failed) other.reject(error);
    cores.onFailure(message.reason);
  }

  async request(type, text) {
    await this.ready;
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type, id, text });
    });
  }
}

// The workers: one per core the browser reports (up to four), all started while the page loads
// (the first at once, the others once the first article is shown, so that they do not slow it
// down); an article goes to the first, a long text's chunks to all of them.
export const cores = {
  pool: [],
  // The personal list every worker is given when it starts ('' for none).
  list: '',
  // Called with the reason when a worker failed and was replaced.
  onFailure: () => {},
  first() {
    if (!this.pool.length) this.pool.push(new Core());
    return this.pool[0];
  },
  grow() {
    const wanted = Math.min(4, Math.max(1, navigator.hardwareConcurrency || 1));
    while (this.pool.length < wanted) this.pool.push(new Core());
    return this.pool.length;
  },
  // Gives every worker a new personal list; the answer is the first worker's. The list is kept
  // for workers started later only when the first worker took it.
  async setList(text) {
    const answers = await Promise.all(this.pool.map((core) => core.request('list', text)));
    if (!answers[0].error) this.list = text;
    return answers[0];
  },
  // The least busy worker.
  request(type, text) {
    const core = this.pool.reduce((best, c) => (c.pending.size < best.pending.size ? c : best), this.first());
    return core.request(type, text);
  },
};

cores.first();
