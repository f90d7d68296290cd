// How MMS media shows in chat: a picture (image block: Slack image, Discord embed image, sandbox
// <img>) at our public address, or a line for a contact card. Voter media shows the same way
// through our proxy address, never the carrier's.
import { isImageType } from '../../core/media/media.js';
import type { Block } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';

/** The picture (or the contact card's line) for media sent with a text. */
export function mediaBlocks(t: Translate, media: { contentType: string }, url: string | undefined): Block[] {
  if (isImageType(media.contentType) && url) return [{ type: 'image', url, alt: t('media:card.image_alt') }];
  return [{ type: 'context', text: `📇 ${t('media:card.vcard')}` }];
}
