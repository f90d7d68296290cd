/**
 * The simulated MediaProcessor, used where sharp cannot load: it checks a file by its content
 * exactly as the real one does, but re-encodes nothing, so it takes only images that already
 * fit an MMS (a bigger one is refused with the same message). vCards are checked the same way.
 */
import { checkUploadType, MMS_MAX_BYTES } from '../../core/media/media.js';
import { checkVCard } from '../../core/media/vcard.js';
import type { MediaProcessor } from '../../core/ports.js';

export function createSimulatedMediaProcessor(opts: { maxBytes?: number } = {}): MediaProcessor {
  const maxBytes = opts.maxBytes ?? MMS_MAX_BYTES;
  return {
    kind: 'simulated',
    async prepare({ name, bytes }) {
      const type = checkUploadType(name, bytes);
      if (!type.ok) return type;
      const file = name.slice(0, 80);
      if (type.value === 'text/vcard') {
        const card = checkVCard(file, bytes);
        return card.ok ? { ok: true, value: { contentType: 'text/vcard', bytes: new TextEncoder().encode(card.value) } } : card;
      }
      if (bytes.length > maxBytes) return { ok: false, problem: { key: 'media:errors.too_large', params: { file, max: Math.round(maxBytes / 1024) } } };
      return { ok: true, value: { contentType: type.value, bytes: new Uint8Array(bytes) } };
    },
  };
}
