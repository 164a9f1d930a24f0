import { readFileSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';

/**
 * A static server on 127.0.0.1 (a free port) for fixture pages: files under `root` by their relative path, extra
 * in-memory pages, a favicon (so no page logs a 404), and optionally an index page linking the listed pages.
 */

export interface FixtureServer {
  readonly base: string;
  /** Absolute URL of a path on this server ('pages/a.html' → 'http://127.0.0.1:PORT/pages/a.html'). */
  url(path: string): string;
  /** Serves `html` at `path` (replacing what was there), with these extra response headers. */
  put(path: string, html: string, headers?: Readonly<Record<string, string>>): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  // No charset: the pages declare theirs in <meta charset>, as sites do (some are GBK).
  '.html': 'text/html',
  '.htm': 'text/html',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

/** A 16×16 transparent PNG. */
const FAVICON = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAEklEQVR42mNgGAWjYBSMAggAAAQQAAGvRYgsAAAAAElFTkSuQmCC',
  'base64',
);

export interface IndexEntry {
  readonly path: string;
  readonly label: string;
}

function escapeText(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}

function indexPage(title: string, groups: readonly { heading: string; entries: readonly IndexEntry[] }[]): string {
  const sections = groups
    .map(
      (g) =>
        `<h2>${escapeText(g.heading)}</` +
        `h2>\n<ul>\n${g.entries
          .map((e) => `  <li><a href="/${encodeURI(e.path)}">${escapeText(e.label)}</a></li>`)
          .join('\n')}\n</ul>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeText(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.7}</style>
</head><body>
<h1>${escapeText(title)}</h1>
<p>Open a page: budget-lens audits it by itself (this is the test build, which also runs on 127.0.0.1). Click a marker
for its derivation; the toolbar button opens the side panel.</p>
${sections}
</body></html>
`;
}

export async function serveFixtures(opts: {
  root: string;
  index?: { title: string; groups: readonly { heading: string; entries: readonly IndexEntry[] }[] };
}): Promise<FixtureServer> {
  const root = resolve(opts.root);
  const extra = new Map<string, { html: string; headers?: Readonly<Record<string, string>> }>();
  if (opts.index) extra.set('/', { html: indexPage(opts.index.title, opts.index.groups) });

  const send = (
    res: ServerResponse,
    status: number,
    type: string,
    body: string | Buffer,
    headers: Readonly<Record<string, string>> = {},
  ): void => {
    res.writeHead(status, { ...headers, 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };

  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      send(res, 400, 'text/plain; charset=utf-8', 'bad request');
      return;
    }
    const page = extra.get(path);
    if (page !== undefined) {
      send(res, 200, 'text/html; charset=utf-8', page.html, page.headers);
      return;
    }
    if (path === '/favicon.ico') {
      send(res, 200, 'image/png', FAVICON);
      return;
    }
    const file = resolve(join(root, path));
    const rel = relative(root, file);
    if (rel.startsWith('..') || rel.split(sep).includes('..')) {
      send(res, 403, 'text/plain; charset=utf-8', 'forbidden');
      return;
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      send(res, 200, TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', readFileSync(file));
    } catch {
      send(res, 404, 'text/plain; charset=utf-8', `not found: ${path}`);
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    url: (p) => `${base}/${p.replace(/^\/+/u, '')}`,
    put: (p, html, headers) => void extra.set(`/${p.replace(/^\/+/u, '')}`, { html, ...(headers ? { headers } : {}) }),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
