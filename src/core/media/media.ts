// MMS media in the domain: what may be attached to a script or a canned reply (a JPEG, PNG or
// GIF image, or the org's vCard contact card), how a file is recognised (by its content, never
// by its name) and the limits the carrier sets. Pure: the image work itself is the
// MediaProcessor port's (src/adapters/media).
import { z } from 'zod';

/** Twilio accepts up to 5 MB per MMS, but carriers re-scale anything over ~600 KB: we send at most this. */
export const MMS_MAX_BYTES = 600 * 1024;
/** Largest upload we read at all (a bigger file is refused before any decoding). */
export const UPLOAD_MAX_BYTES = 20 * 1024 * 1024;
/** Largest voter media the inbound proxy passes on. */
export const INBOUND_MAX_BYTES = 5 * 1024 * 1024;

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif'] as const;
export const VCARD_TYPE = 'text/vcard';
export const OutboundMediaType = z.enum([...IMAGE_TYPES, VCARD_TYPE]);
export type OutboundMediaType = z.infer<typeof OutboundMediaType>;

/** Stored media attached to a script or a canned reply: the id is the unguessable media id. */
export const MediaRef = z.object({ id: z.string().min(16).max(64), contentType: OutboundMediaType });
export type MediaRef = z.infer<typeof MediaRef>;

/** Voter media types shown inline in the thread (others show as "attachment (type)"). */
export const INLINE_INBOUND_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp'];
/** Voter media types the proxy passes on at all (what Twilio documents as accepted MMS media). */
export function isAllowedInboundType(contentType: string): boolean {
  const t = baseType(contentType);
  return /^(image|audio|video)\/[a-z0-9.+-]+$/.test(t) || t === 'text/vcard' || t === 'text/x-vcard' || t === 'application/pdf' || t === 'text/plain';
}

/** `image/jpeg; charset=x` -> `image/jpeg`. */
export function baseType(contentType: string): string {
  return contentType.split(';')[0]?.trim().toLowerCase() ?? '';
}

export function isImageType(contentType: string): boolean {
  return baseType(contentType).startsWith('image/');
}

/** What a file's name says it is, from its extension; null when it names no type we take. */
export function typeFromName(name: string): OutboundMediaType | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name.trim())?.[1]?.toLowerCase();
  switch (ext) {
    case 'jpg':
    case 'jpeg':
    case 'jfif':
      return 'image/jpeg';
    case 'png':
      return 'image/png';
    case 'gif':
      return 'image/gif';
    case 'vcf':
    case 'vcard':
      return VCARD_TYPE;
    default:
      return null;
  }
}

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((b, i) => bytes[at + i] === b);

/** What a file is by its first bytes (magic numbers); null when it is none of the types we take. */
export function sniffType(bytes: Uint8Array): OutboundMediaType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  // A vCard is text: skip a UTF-8 byte-order mark and leading blank lines.
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x0d || bytes[i] === 0x0a || bytes[i] === 0x20)) i += 1;
  const head = String.fromCharCode(...bytes.subarray(i, i + 11)).toUpperCase();
  if (head === 'BEGIN:VCARD') return VCARD_TYPE;
  return null;
}

/** A short readable name for a type, for messages ("PNG image", "vCard"). */
export function typeLabel(type: OutboundMediaType | null): string {
  switch (type) {
    case 'image/jpeg':
      return 'JPEG';
    case 'image/png':
      return 'PNG';
    case 'image/gif':
      return 'GIF';
    case VCARD_TYPE:
      return 'vCard';
    default:
      return '?';
  }
}

/** The public address of stored outbound media (what the carrier fetches as MediaUrl). */
export function mediaUrl(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/media/${encodeURIComponent(id)}`;
}
/** The address of our proxy for one inbound voter media (never the carrier's URL). */
export function inboundMediaUrl(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/media/in/${encodeURIComponent(id)}`;
}

/** Why a file was refused: an i18n key of the `media` namespace and its params. */
export interface MediaProblem {
  key: string;
  params: Record<string, string | number>;
}
export type MediaCheck<T> = { ok: true; value: T } | { ok: false; problem: MediaProblem };

/**
 * Which type an upload is, checked both ways: its content must be a type we take, and its name
 * must say that same type (a `.png` that is really a JPEG, or a text file renamed `.jpg`, is refused).
 */
export function checkUploadType(name: string, bytes: Uint8Array): MediaCheck<OutboundMediaType> {
  const file = name.slice(0, 80);
  if (bytes.length === 0) return { ok: false, problem: { key: 'media:errors.empty', params: { file } } };
  if (bytes.length > UPLOAD_MAX_BYTES) return { ok: false, problem: { key: 'media:errors.upload_too_large', params: { file, max: UPLOAD_MAX_BYTES / 1_048_576 } } };
  const claimed = typeFromName(name);
  const actual = sniffType(bytes);
  if (!claimed) return { ok: false, problem: { key: 'media:errors.unsupported', params: { file } } };
  if (actual !== claimed) {
    return { ok: false, problem: { key: actual ? 'media:errors.name_mismatch' : 'media:errors.not_what_name_says', params: { file, says: typeLabel(claimed), is: typeLabel(actual) } } };
  }
  return { ok: true, value: actual };
}
