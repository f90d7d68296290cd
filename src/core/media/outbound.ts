// The media an outbound text carries, as stored on the Message and handed to the carrier.
import { mediaUrl, type MediaRef } from './media.js';

export interface MessageMedia {
  contentType: string;
  url: string;
}

/**
 * The message's media for an attached file: undefined when nothing is attached, null when
 * something is but the server has no public address to serve it from (the text must then not
 * go out without it: nothing is silently dropped).
 */
export function messageMedia(baseUrl: string | undefined, ref: MediaRef | undefined): MessageMedia[] | null | undefined {
  if (!ref) return undefined;
  if (!baseUrl) return null;
  return [{ contentType: ref.contentType, url: mediaUrl(baseUrl, ref.id) }];
}
