// How MMS media shows in chat: a picture (image block: Slack image, Discord embed image, sandbox
// <img>) at our public address, or a line for a contact card. Voter media shows the same way
// through our proxy address, never the carrier's.
import { baseType, INLINE_INBOUND_TYPES, isImageType } from '../../core/media/media.js';
import type { Block } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';
import { inline } from './text.js';

/** The picture (or the contact card's line) for media sent with a text. */
export function mediaBlocks(t: Translate, media: { contentType: string }, url: string | undefined): Block[] {
  if (isImageType(media.contentType) && url) return [{ type: 'image', url, alt: t('media:card.image_alt') }];
  return [{ type: 'context', text: `📇 ${t('media:card.vcard')}` }];
}

/**
 * Media a voter sent, under their text: pictures inline through our proxy address (the message
 * stores only that, never the carrier's URL); any other type as "attachment (type)", no link.
 */
export function voterMediaBlocks(t: Translate, media: readonly { contentType: string; url: string }[] | undefined): Block[] {
  const blocks: Block[] = [];
  for (const m of media ?? []) {
    const type = baseType(m.contentType);
    if (INLINE_INBOUND_TYPES.includes(type) && /^https?:\/\/[^/]+\/(.+\/)?media\/in\/[A-Za-z0-9_-]+$/.test(m.url)) blocks.push({ type: 'image', url: m.url, alt: t('media:card.voter_image') });
    else blocks.push({ type: 'context', text: `📎 ${t('media:card.voter_attachment', { type: inline(type, 60).replace(/[*_`~[\]()<>]/g, '') || '?' })}` });
  }
  return blocks;
}
