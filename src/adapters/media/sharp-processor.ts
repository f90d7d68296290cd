/**
 * MediaProcessor over sharp (libvips): an upload is recognised by its content, decoded with a
 * pixel limit (no decompression bombs), turned upright, stripped of metadata (a phone photo's
 * EXIF carries its GPS position) and re-encoded in its own format until it fits an MMS
 * (MMS_MAX_BYTES): lower quality when it is close, smaller edges when it is far.
 *
 * GIFs keep their animation: every frame is resized together (sharp's `animated` mode) and the
 * palette shrinks step by step. Only when even the smallest animated step is too big does the
 * GIF become its first frame (a still GIF), rather than be refused.
 */
import type sharpType from 'sharp';
import type { Metadata } from 'sharp';
import { checkUploadType, MMS_MAX_BYTES, type MediaCheck, type OutboundMediaType } from '../../core/media/media.js';
import { checkVCard } from '../../core/media/vcard.js';
import type { MediaProcessor, PreparedMedia } from '../../core/ports.js';

type Sharp = typeof sharpType;

/** Largest picture decoded (per frame): a 40-megapixel photo is far beyond what an MMS shows. */
const MAX_PIXELS = 40_000_000;
/** Largest animation decoded: all frames together. */
const MAX_ANIMATION_PIXELS = 100_000_000;
/** Longest edge kept (phones show an MMS at screen width), and the smallest worth sending. */
const FIRST_EDGE = 1600;
const MIN_EDGE = 160;
/** Encodes tried per pass before an image is called too big. */
const MAX_ATTEMPTS = 8;
const LAST_STEP = 2;
const SECONDS = 20;

export interface SharpProcessorOptions {
  /** Most bytes an encoded file may have (default MMS_MAX_BYTES). */
  maxBytes?: number;
}

const FORMAT_OF: Record<string, OutboundMediaType> = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif' };

export function createSharpMediaProcessor(sharp: Sharp, opts: SharpProcessorOptions = {}): MediaProcessor {
  const maxBytes = opts.maxBytes ?? MMS_MAX_BYTES;

  function encode(input: Uint8Array, type: OutboundMediaType, edge: number, step: number, firstFrameOnly: boolean): Promise<Buffer> {
    const animated = type === 'image/gif' && !firstFrameOnly;
    const base = sharp(input, { animated, limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .timeout({ seconds: SECONDS })
      .autoOrient()
      .resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true });
    if (type === 'image/jpeg') return base.jpeg({ quality: [82, 68, 55][step] ?? 55, mozjpeg: true }).toBuffer();
    if (type === 'image/png') {
      // Lossless first; a photo saved as PNG then goes to a 256-colour palette.
      return (step === 0 ? base.png({ compressionLevel: 6 }) : base.png({ compressionLevel: 6, palette: true, quality: step === 1 ? 90 : 70, effort: 4 })).toBuffer();
    }
    return base.gif({ effort: 7, colours: [256, 128, 64][step] ?? 64 }).toBuffer();
  }

  async function fit(name: string, bytes: Uint8Array, type: OutboundMediaType): Promise<MediaCheck<PreparedMedia>> {
    const file = name.slice(0, 80);
    let meta: Metadata;
    try {
      meta = await sharp(bytes, { animated: type === 'image/gif', limitInputPixels: MAX_PIXELS, failOn: 'error' }).metadata();
    } catch (err) {
      if (/pixel limit/i.test(String(err))) return { ok: false, problem: { key: 'media:errors.too_large', params: { file, max: Math.round(maxBytes / 1024) } } };
      return { ok: false, problem: { key: 'media:errors.unreadable', params: { file } } };
    }
    if (FORMAT_OF[meta.format ?? ''] !== type) return { ok: false, problem: { key: 'media:errors.unreadable', params: { file } } };
    const frameHeight = meta.pageHeight ?? meta.height ?? 0;
    if ((meta.width ?? 0) * frameHeight * (meta.pages ?? 1) > MAX_ANIMATION_PIXELS) {
      return { ok: false, problem: { key: 'media:errors.too_large', params: { file, max: Math.round(maxBytes / 1024) } } };
    }
    const passes: { frame: boolean }[] = type === 'image/gif' && (meta.pages ?? 1) > 1 ? [{ frame: false }, { frame: true }] : [{ frame: false }];
    try {
      for (const pass of passes) {
        // Start at the longest edge we keep; a result near the limit first trades quality, a far
        // one shrinks by the square root of the overshoot (bytes follow area), so a few encodes do.
        let edge = Math.min(FIRST_EDGE, Math.max(meta.width ?? FIRST_EDGE, frameHeight || FIRST_EDGE));
        let step = 0;
        for (let attempt = 0; attempt < MAX_ATTEMPTS && edge >= MIN_EDGE; attempt += 1) {
          const out = await encode(bytes, type, edge, step, pass.frame);
          if (out.length <= maxBytes) return { ok: true, value: { contentType: type, bytes: new Uint8Array(out) } };
          if (step < LAST_STEP && out.length < maxBytes * 1.6) step += 1;
          else edge = Math.floor(edge * Math.min(0.85, Math.sqrt(maxBytes / out.length) * 0.95));
        }
      }
    } catch {
      return { ok: false, problem: { key: 'media:errors.unreadable', params: { file } } };
    }
    return { ok: false, problem: { key: 'media:errors.too_large', params: { file, max: Math.round(maxBytes / 1024) } } };
  }

  return {
    kind: 'sharp',
    async prepare({ name, bytes }) {
      const type = checkUploadType(name, bytes);
      if (!type.ok) return type;
      if (type.value === 'text/vcard') {
        const card = checkVCard(name.slice(0, 80), bytes);
        return card.ok ? { ok: true, value: { contentType: 'text/vcard', bytes: new TextEncoder().encode(card.value) } } : card;
      }
      return fit(name, bytes, type.value);
    },
  };
}
