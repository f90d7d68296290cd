// The contact card: what a volunteer sees hundreds of times an hour. Send is the first, primary
// button and stays in the same place card after card (the card updates in place), so the thumb
// never moves. The text is shown exactly as it will be sent (R5.2a: the press sends what it
// displayed), in a quote block so renderers escape it.
import { headerKey } from '../../core/contacts/import/header-map.js';
import { maskPhone } from '../../core/contacts/phone.js';
import type { Contact } from '../../core/model/contact.js';
import type { SmsEncoding } from '../../core/scripts/segments.js';
import type { Block, View } from '../../core/views/view.js';
import { ACTION, ids } from '../actions.js';
import type { Translate } from '../framework/definition.js';
import { inline } from './text.js';
import { mediaBlocks } from './media.js';

export type CardPreview =
  | { ok: true; text: string; segments: number; encoding: SmsEncoding; characters: number; media?: { contentType: string; url?: string } }
  | { ok: false; key: string; params: Record<string, string | number> };

export interface ContactCardData {
  campaignName: string;
  claimId: string;
  contact: Pick<Contact, 'id' | 'firstName' | 'phone' | 'zip' | 'state' | 'customFields'>;
  preview: CardPreview;
  /** done = contacts of the batch already handled; the card shows contact done+1 of total. */
  position: { done: number; total: number };
  /** One line about the previous press ("Sent to Maria ✓"), already translated. */
  notice?: string;
}

const CITY_KEYS = new Set(['city', 'ciudad', 'town', 'municipality', 'residencecity']);

/** City and state, else state and ZIP, else ZIP (voter-file values, made inert). */
export function localityOf(contact: Pick<Contact, 'zip' | 'state' | 'customFields'>): string {
  const cityKey = Object.keys(contact.customFields).find((k) => CITY_KEYS.has(headerKey(k)));
  const city = inline(cityKey ? contact.customFields[cityKey] : '', 40);
  const state = inline(contact.state, 2).toUpperCase();
  if (city && state) return `${city}, ${state}`;
  if (city) return contact.zip ? `${city} ${inline(contact.zip, 10)}` : city;
  if (state && contact.zip) return `${state} ${inline(contact.zip, 10)}`;
  return inline(contact.zip ?? state, 10);
}

/** The voter's first name for chat (inert), or a neutral placeholder. */
export function voterName(t: Translate, firstName: string): string {
  return inline(firstName, 40) || t('commands:card.no_name');
}

export function contactCardView(t: Translate, d: ContactCardData): View {
  const name = voterName(t, d.contact.firstName);
  const phone = maskPhone(d.contact.phone);
  const place = localityOf(d.contact);
  const position = t('commands:card.position', { n: Math.min(d.position.done + 1, d.position.total), total: d.position.total });
  const value = ids(d.claimId, d.contact.id);
  const blocks: Block[] = [];
  if (d.notice) blocks.push({ type: 'context', text: d.notice });
  blocks.push({ type: 'section', text: t('commands:card.title', { name, phone, place: place ? ` · ${place}` : '' }) });
  if (d.preview.ok) {
    blocks.push({ type: 'quote', text: d.preview.text, voter: true });
    // An MMS says so, and shows what goes with it (one message: segments count as one).
    if (d.preview.media) blocks.push(...mediaBlocks(t, d.preview.media, d.preview.media.url));
    blocks.push({
      type: 'context',
      text: `${d.preview.media ? `**${t('media:card.mms')}** · ` : ''}${t('rules:segments.summary', { characters: d.preview.characters, segments: d.preview.segments, encoding: d.preview.encoding })}`,
    });
  } else {
    blocks.push({ type: 'section', text: `⚠️ ${t(d.preview.key, d.preview.params)}` });
  }
  blocks.push({
    type: 'actions',
    elements: [
      { type: 'button', id: ACTION.send, label: t('commands:card.send'), style: 'primary', value, disabled: !d.preview.ok },
      { type: 'button', id: ACTION.skip, label: t('commands:card.skip'), value },
      { type: 'button', id: ACTION.wrongNumber, label: t('commands:card.wrong_number'), value },
      { type: 'button', id: ACTION.endSession, label: t('commands:card.end_session'), value: d.claimId },
    ],
  });
  blocks.push({ type: 'progress', label: position, done: d.position.done, total: d.position.total });
  blocks.push({ type: 'context', text: t('commands:card.footer', { campaign: inline(d.campaignName) }) });
  return { text: t('commands:card.fallback', { name, position, campaign: inline(d.campaignName) }), blocks };
}

export interface ClaimFinishedData {
  campaignId: string;
  campaignName: string;
  total: number;
  notice?: string;
}

/** The batch is done: thanks, what happens next, and one button for another batch. */
export function claimFinishedView(t: Translate, d: ClaimFinishedData): View {
  const campaign = inline(d.campaignName);
  const blocks: Block[] = [];
  if (d.notice) blocks.push({ type: 'context', text: d.notice });
  blocks.push({ type: 'section', text: t('commands:card.finished_title', { campaign }) });
  blocks.push({ type: 'progress', label: t('commands:card.finished_progress', { total: d.total }), done: d.total, total: d.total });
  blocks.push({ type: 'context', text: t('commands:card.finished_next') });
  blocks.push({ type: 'actions', elements: [{ type: 'button', id: ACTION.claimMore, label: t('commands:card.claim_more'), style: 'primary', value: d.campaignId }] });
  return { text: t('commands:card.finished_fallback', { campaign, total: d.total }), blocks };
}

/** The volunteer ended the session: how many contacts went back to the pool. */
export function sessionEndedView(t: Translate, d: { campaignId: string; campaignName: string; released: number }): View {
  const campaign = inline(d.campaignName);
  return {
    text: t('commands:card.ended', { campaign, released: d.released }),
    blocks: [
      { type: 'section', text: t('commands:card.ended', { campaign, released: d.released }) },
      { type: 'actions', elements: [{ type: 'button', id: ACTION.claimMore, label: t('commands:card.claim_more'), value: d.campaignId }] },
    ],
  };
}
