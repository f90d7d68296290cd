/**
 * The public media routes. GET /media/:id serves stored MMS media (the carrier fetches it as
 * MediaUrl; chat shows it) with its stored type, `nosniff` and long caching (an id's bytes never
 * change). GET /media/in/:id is the proxy for voter media: it fetches the carrier's copy with
 * the carrier's credentials (the injected `fetchInbound`), so a chat never sees the carrier URL.
 * Ids are unguessable; an unknown id is a 404 that says nothing more.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { baseType, isImageType } from '../../core/media/media.js';
import type { Store } from '../../core/ports.js';

export type InboundFetch = (remoteUrl: string) => Promise<{ ok: true; contentType: string; bytes: Uint8Array } | { ok: false; status: 404 | 413 | 415 | 502 }>;

export interface MediaRoutesOptions {
  store: Store;
  /** Fetches voter media from the carrier (Twilio, with its credentials); absent = 404 for voter media. */
  fetchInbound?: InboundFetch;
}

const ID = /^[A-Za-z0-9_-]{16,64}$/;

function secure(reply: FastifyReply, contentType: string): FastifyReply {
  // Only pictures show in place; anything else downloads, and nothing served here may run script.
  return reply
    .header('content-type', contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('content-disposition', isImageType(contentType) ? 'inline' : 'attachment');
}

/** Registered with `server.register(mediaRoutes, { store, fetchInbound })`. */
export const mediaRoutes: FastifyPluginAsync<MediaRoutesOptions> = async (app, opts) => {
  app.get<{ Params: { id: string } }>('/media/:id', async (req, reply) => {
    const id = req.params.id;
    const found = ID.test(id) ? await opts.store.media.get(id) : null;
    if (!found?.bytes) return reply.code(404).header('cache-control', 'no-store').send();
    const etag = found.sha256 ? `"${found.sha256}"` : undefined;
    if (etag && req.headers['if-none-match'] === etag) return reply.code(304).send();
    secure(reply, found.contentType).header('cache-control', 'public, max-age=31536000, immutable');
    if (etag) reply.header('etag', etag);
    return reply.send(Buffer.from(found.bytes));
  });

  app.get<{ Params: { id: string } }>('/media/in/:id', async (req, reply) => {
    const id = req.params.id;
    const found = ID.test(id) ? await opts.store.media.get(id) : null;
    if (!found?.remoteUrl || !opts.fetchInbound) return reply.code(404).header('cache-control', 'no-store').send();
    const got = await opts.fetchInbound(found.remoteUrl).catch(() => ({ ok: false as const, status: 502 as const }));
    if (!got.ok) return reply.code(got.status).header('cache-control', 'no-store').send();
    // Voter media is personal: private caching only.
    return secure(reply, baseType(got.contentType)).header('cache-control', 'private, max-age=3600').send(Buffer.from(got.bytes));
  });
};
