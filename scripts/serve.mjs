#!/usr/bin/env node
// A small static server for the demo, with no dependencies.
//
//   node scripts/serve.mjs            # http://127.0.0.1:8080
//   PORT=9000 node scripts/serve.mjs  # another port; PORT=0 picks a free one
//
// Serves www/ at `/` and pkg/ (the built WebAssembly package) at `/pkg/`, nothing else:
// paths are resolved inside those two folders and anything that would leave them
// (`..`, encoded slashes, backslashes, NUL bytes, symlinks pointing outside) is refused.
// Every response carries a Content-Security-Policy that forbids inline scripts and any
// request to another origin, so the page proves it needs neither.

import { createServer } from 'node:http';
import { realpath, stat, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mounts = [
  { prefix: '/pkg/', dir: path.join(root, 'pkg') },
  { prefix: '/', dir: path.join(root, 'www') },
];

const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

const baseHeaders = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

function send(res, status, body, type = 'text/plain; charset=utf-8', head = false) {
  res.writeHead(status, { ...baseHeaders, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

/** The file a URL path names, or null when it names nothing we serve. */
async function resolve(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const mount = mounts.find((m) => decoded === m.prefix.slice(0, -1) || decoded.startsWith(m.prefix));
  if (!mount) return null;
  if (decoded === mount.prefix.slice(0, -1)) return { redirect: mount.prefix };
  const rest = decoded.slice(mount.prefix.length);
  if (rest.split('/').some((part) => part === '..' || part === '.')) return null;
  let file = path.resolve(mount.dir, rest);
  const inside = (p, dir) => p === dir || p.startsWith(dir + path.sep);
  if (!inside(file, mount.dir)) return null;
  let info;
  try {
    info = await stat(file);
    if (info.isDirectory()) {
      if (!decoded.endsWith('/')) return { redirect: decoded + '/' };
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return null;
    // Symlinks must not lead outside the folder either.
    const [real, realDir] = await Promise.all([realpath(file), realpath(mount.dir)]);
    if (!inside(real, realDir)) return null;
  } catch {
    return null;
  }
  return { file };
}

const server = createServer(async (req, res) => {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'method not allowed\n', undefined, head);
  }
  let urlPath;
  try {
    urlPath = new URL(req.url, 'http://localhost').pathname;
  } catch {
    return send(res, 400, 'bad request\n', undefined, head);
  }
  const found = await resolve(urlPath);
  if (!found) return send(res, 404, 'not found\n', undefined, head);
  if (found.redirect) {
    res.writeHead(301, { ...baseHeaders, Location: found.redirect, 'Content-Length': 0 });
    return res.end();
  }
  try {
    const body = await readFile(found.file);
    const type = MIME[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, { ...baseHeaders, 'Content-Type': type, 'Content-Length': body.length });
    res.end(head ? undefined : body);
  } catch {
    send(res, 500, 'could not read the file\n', undefined, head);
  }
});

const port = process.env.PORT === undefined || process.env.PORT === '' ? 8080 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}
server.on('error', (err) => {
  console.error(`cannot serve on 127.0.0.1:${port}: ${err.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
