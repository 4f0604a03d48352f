// A tiny static file server for the end-to-end tests: serves one folder on 127.0.0.1 with a
// free port, GET and HEAD only, nothing outside the folder, no caching.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serves `root` until `close()` is called.
 * Options: `failWasm` answers 404 for every `.wasm` file (to test the page's error state);
 * `slowAppMs` holds `app.js` back that long (the page's modules then run after its first worker
 * is ready, as on a slow network).
 * Returns { url, port, requests, close() }; `requests` lists "STATUS /path" for every request.
 */
export async function startServer(root, { failWasm = false, slowAppMs = 0 } = {}) {
  const base = path.resolve(root);
  const requests = [];
  const server = http.createServer((req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      requests.push(`${status} ${req.url}`);
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    let file = path.join(base, rel);
    if (file !== base && !file.startsWith(base + path.sep)) return send(403, 'forbidden\n');
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    } catch {
      return send(404, 'not found\n');
    }
    const ext = path.extname(file).toLowerCase();
    if (failWasm && ext === '.wasm') return send(404, 'not found (failWasm)\n');
    const delay = slowAppMs && rel === '/app.js' ? slowAppMs : 0;
    fs.readFile(file, (err, data) => {
      if (err) return send(404, 'not found\n');
      setTimeout(() => send(200, data, MIME[ext] || 'application/octet-stream'), delay);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
