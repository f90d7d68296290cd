// The tracked-link redirect: `GET|HEAD <LINK_BASE_URL path>/<code>` answers 302 to the destination
// stored for that code and nothing else (no open redirect: the request never names where to go).
// An unknown or malformed code is a plain 404 that does not repeat it. The voter's click is
// counted by the engine; HEAD, link previews and scanners are redirected but not counted.
import type { HttpServer } from './server.js';
import type { LinkService } from '../core/links/link-service.js';

export interface LinkRouteOptions {
  /** LINK_BASE_URL; the route lives at its path (`/l` by default). */
  linkBaseUrl: string;
  /** The 404 page's words, in the deployment's language. */
  notFound: { title: string; text: string };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The route path for a base: `https://go.example.org/l/` -> `/l/:code`, `https://go.example.org` -> `/:code`. */
export function linkRoutePath(linkBaseUrl: string): string {
  const path = new URL(linkBaseUrl).pathname.replace(/\/+$/, '');
  return `${path}/:code`;
}

export function registerLinkRoutes(server: HttpServer, links: Pick<LinkService, 'open'>, options: LinkRouteOptions): void {
  const page = `<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${escapeHtml(options.notFound.title)}</title></head><body><h1>${escapeHtml(options.notFound.title)}</h1><p>${escapeHtml(options.notFound.text)}</p></body></html>`;
  // GET also answers HEAD (fastify's exposed HEAD route runs this handler with method HEAD).
  server.get<{ Params: { code: string } }>(linkRoutePath(options.linkBaseUrl), async (req, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
    const ua = req.headers['user-agent'];
    const found = await links.open(req.params.code, { method: req.method, ...(typeof ua === 'string' ? { userAgent: ua } : {}) });
    if (!found) return reply.code(404).type('text/html; charset=utf-8').send(page);
    return reply.code(302).header('location', found.location).send();
  });
}
