// The app's MediaService: downloads a chat attachment with a byte limit (never more than
// UPLOAD_MAX_BYTES is read), hands it to the MediaProcessor (content check, re-encode), and
// stores the result under an unguessable id. A refusal is returned for the command to show.
import { createHash } from 'node:crypto';
import { mediaUrl, MMS_MAX_BYTES, UPLOAD_MAX_BYTES, type MediaCheck, type MediaRef } from '../core/media/media.js';
import type { MediaProcessor, Store } from '../core/ports.js';
import type { MediaService } from '../commands/services.js';
import { readLimited, type LimitedBody } from '../adapters/media/read-limited.js';

export interface MediaServiceOptions {
  store: Store;
  processor: MediaProcessor;
  /** PUBLIC_URL: media is served at PUBLIC_URL/media/<id>. */
  publicUrl: string;
  /** Headers for a platform's attachment URL (Slack's bot token for its file host). */
  headersFor?(url: string): Record<string, string> | undefined;
  fetch?: typeof fetch;
}

export function createMediaService(opts: MediaServiceOptions): MediaService {
  const doFetch = opts.fetch ?? fetch;
  return {
    urlOf: (id) => mediaUrl(opts.publicUrl, id),
    async attach({ orgId, source }): Promise<MediaCheck<MediaRef>> {
      const file = source.name.slice(0, 80);
      let url: URL;
      try {
        url = new URL(source.url);
      } catch {
        return { ok: false, problem: { key: 'media:errors.download', params: { file } } };
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: { key: 'media:errors.download', params: { file } } };
      const res = await doFetch(url, { headers: opts.headersFor?.(source.url) ?? {}, redirect: 'follow' }).catch(() => null);
      if (!res || !res.ok) return { ok: false, problem: { key: 'media:errors.download', params: { file } } };
      const got = await readLimited(res, UPLOAD_MAX_BYTES).catch((): LimitedBody => ({ ok: false, tooLarge: false }));
      if (!got.ok) return { ok: false, problem: got.tooLarge ? { key: 'media:errors.upload_too_large', params: { file, max: UPLOAD_MAX_BYTES / 1_048_576 } } : { key: 'media:errors.download', params: { file } } };
      const prepared = await opts.processor.prepare({ name: source.name, bytes: got.bytes });
      if (!prepared.ok) return prepared;
      // The processor's promise, checked once more where the bytes are stored.
      if (prepared.value.bytes.length > MMS_MAX_BYTES) return { ok: false, problem: { key: 'media:errors.too_large', params: { file, max: MMS_MAX_BYTES / 1024 } } };
      const sha256 = createHash('sha256').update(prepared.value.bytes).digest('hex');
      const stored = await opts.store.media.create(orgId, { contentType: prepared.value.contentType, bytes: prepared.value.bytes, sha256 });
      return { ok: true, value: { id: stored.id, contentType: prepared.value.contentType } };
    },
  };
}
