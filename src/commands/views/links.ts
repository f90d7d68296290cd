// The script view's "Track links" offer: shown while a first message has plain links.
import type { Campaign } from '../../core/model/campaign.js';
import { hasBareLinks } from '../../core/links/track-bare-links.js';
import type { Block } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';

export const LINKS_TRACK_ACTION = 'links_track';

/** The first messages (each language's initial and its A/B variants) that Track links rewrites. */
export function initialTexts(scripts: Campaign['scripts']): string[] {
  return Object.values(scripts).flatMap((set) => (set ? [set.initial, ...((set as { variants?: readonly { initial: string }[] }).variants ?? []).map((v) => v.initial)] : []));
}

export function trackLinksBlocks(t: Translate, c: Pick<Campaign, 'id' | 'scripts'>): Block[] {
  if (!initialTexts(c.scripts).some(hasBareLinks)) return [];
  return [
    { type: 'context', text: t('links:script.plain_links') },
    { type: 'actions', elements: [{ type: 'button', id: LINKS_TRACK_ACTION, label: t('links:script.track_button'), style: 'primary', value: c.id }] },
  ];
}
