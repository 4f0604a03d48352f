// One small adapter over two drivers, so that every test case runs unchanged in both engines:
//   chromium: Debian's /usr/bin/chromium driven by playwright-core (CDP);
//   firefox:  Debian's /usr/bin/firefox-esr driven by puppeteer-core (WebDriver BiDi).
// Each page adapter offers: open, evaluate, waitFor, click, hover, fill, type, press, focus,
// select, setInputFiles, screenshot, close, and `errors` (console errors and uncaught exceptions).
import fs from 'node:fs';
import path from 'node:path';

export const ENGINES = ['chromium', 'firefox'];

const VIEWPORT = { width: 1280, height: 900 };
const ACTION_TIMEOUT = 10_000;

export const CHROMIUM_PATH = process.env.QAWL_CHROMIUM || '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.QAWL_FIREFOX || '/usr/bin/firefox-esr';

/** Launches one engine; returns { name, version, newPage(), close() }. */
export async function launchEngine(name) {
  if (name === 'chromium') return launchChromium();
  if (name === 'firefox') return launchFirefox();
  throw new Error(`unknown engine ${JSON.stringify(name)} (expected ${ENGINES.join(' or ')})`);
}

async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    name: 'chromium',
    version: `chromium ${browser.version()}`,
    async newPage() {
      const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
      const page = await context.newPage();
      page.setDefaultTimeout(ACTION_TIMEOUT);
      const adapter = new PageAdapter('chromium', page, () => context.close());
      page.on('console', (m) => {
        if (m.type() === 'error') adapter.errors.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (e) => adapter.errors.push(`uncaught: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) adapter.failedResponses.push(`${r.status()} ${r.url()}`);
      });
      page.on('dialog', (d) => d.dismiss().catch(() => {}));
      return adapter;
    },
    close: () => browser.close(),
  };
}

async function launchFirefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    defaultViewport: VIEWPORT,
  });
  const version = await browser.version();
  return {
    name: 'firefox',
    version,
    async newPage() {
      let context = null;
      let page;
      try {
        context = await browser.createBrowserContext();
        page = await context.newPage();
      } catch {
        context = null;
        page = await browser.newPage();
      }
      await page.setViewport(VIEWPORT);
      page.setDefaultTimeout(ACTION_TIMEOUT);
      const adapter = new PageAdapter('firefox', page, () =>
        context ? context.close() : page.close(),
      );
      page.on('console', (m) => {
        if (m.type() === 'error') adapter.errors.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (e) => adapter.errors.push(`uncaught: ${e?.message ?? e}`));
      page.on('response', (r) => {
        if (r.status() >= 400) adapter.failedResponses.push(`${r.status()} ${r.url()}`);
      });
      page.on('dialog', (d) => d.dismiss().catch(() => {}));
      return adapter;
    },
    close: () => browser.close(),
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class PageAdapter {
  constructor(engine, page, closeFn) {
    this.engine = engine;
    this.page = page;
    this.closeFn = closeFn;
    this.errors = [];
    this.failedResponses = [];
    this.isPlaywright = engine === 'chromium';
  }

  async open(url) {
    await this.page.goto(url, { waitUntil: 'load', timeout: ACTION_TIMEOUT });
  }

  async reload() {
    await this.page.reload({ waitUntil: 'load', timeout: ACTION_TIMEOUT });
  }

  /** Runs `fn(arg)` in the page (fn must be self-contained) and returns its JSON-like result. */
  async evaluate(fn, arg) {
    return this.page.evaluate(fn, arg);
  }

  /**
   * Polls `fn(arg)` in the page until it returns a truthy value, and returns it. On timeout,
   * throws with `message` and the last value seen (or the last error thrown in the page), or
   * what `explain(arg)` returns in the page if given.
   */
  async waitFor(fn, arg, { timeout = 5000, interval = 50, message = 'condition', explain } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await this.page.evaluate(fn, arg);
        if (last) return last;
      } catch (e) {
        last = `error: ${e.message.split('\n')[0]}`;
      }
      if (Date.now() > deadline) {
        if (explain) {
          try {
            last = await this.page.evaluate(explain, arg);
          } catch (e) {
            last = `error: ${e.message.split('\n')[0]}`;
          }
        }
        const err = new Error(`timed out after ${timeout} ms waiting for ${message} (saw: ${show(last)})`);
        err.name = 'AssertionError';
        throw err;
      }
      await sleep(interval);
    }
  }

  async click(selector) {
    if (!this.isPlaywright) await this.page.waitForSelector(selector, { visible: true });
    await this.page.click(selector);
  }

  /** hover(selector) hovers an element's centre; hover(x, y) moves the mouse to a viewport point. */
  async hover(selectorOrX, y) {
    if (typeof selectorOrX === 'number') {
      await this.page.mouse.move(selectorOrX, y, { steps: 4 });
    } else {
      if (!this.isPlaywright) await this.page.waitForSelector(selectorOrX, { visible: true });
      await this.page.hover(selectorOrX);
    }
  }

  /** Sets a field's value at once and fires `input`, as a paste does. */
  async fill(selector, value) {
    const found = await this.page.evaluate(
      ({ selector, value }) => {
        const el = document.querySelector(selector);
        if (!el) return false;
        el.focus();
        el.value = value;
        el.dispatchEvent(
          new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: null }),
        );
        return true;
      },
      { selector, value },
    );
    if (!found) throw new Error(`fill: no element matches ${selector}`);
  }

  /** Types text key by key into an element. */
  async type(selector, text) {
    await this.focus(selector);
    await this.page.keyboard.type(text);
  }

  /** Presses a key, or a chord such as "Shift+ArrowLeft" or "Control+z" (in both drivers). */
  async press(key) {
    if (this.isPlaywright || !/.\+./.test(key)) {
      await this.page.keyboard.press(key);
      return;
    }
    const modifiers = key.split('+');
    const main = modifiers.pop();
    for (const modifier of modifiers) await this.page.keyboard.down(modifier);
    await this.page.keyboard.press(main);
    for (const modifier of modifiers.reverse()) await this.page.keyboard.up(modifier);
  }

  async focus(selector) {
    if (!this.isPlaywright) await this.page.waitForSelector(selector);
    await this.page.focus(selector);
  }

  /** Chooses the option with this value in a <select> (fires input and change). */
  async select(selector, value) {
    if (this.isPlaywright) await this.page.selectOption(selector, value);
    else {
      await this.page.waitForSelector(selector);
      await this.page.select(selector, value);
    }
  }

  async setInputFiles(selector, filePath) {
    if (this.isPlaywright) return this.page.setInputFiles(selector, filePath);
    const handle = await this.page.waitForSelector(selector);
    await handle.uploadFile(filePath);
  }

  async screenshot(file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file, fullPage: true });
  }

  async close() {
    await this.closeFn();
  }
}

export function show(v) {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 400 ? `${s.slice(0, 400)}…` : s;
}
