// R3.3 Florida: a candidate or electioneering text to a Florida voter carries "Paid for by
// <sponsor>" (or a link to a page showing it) in the first text of a same-day exchange. Which
// voters are in Florida: the voter file's state, else the ZIP, and (R2.4e: Florida presumes an
// in-state area code is a resident's) the phone's area code.
import type { Contact } from '../model/contact.js';
import type { CampaignDisclaimer } from '../model/campaign.js';
import { AREA_CODE_ZONES } from '../contacts/area-code-zones.js';
import { areaCodeOf } from '../contacts/phone.js';
import { parseWindowKey } from '../contacts/window-key.js';
import { normalizePhraseText } from './normalize-text.js';

/** Florida's 3-digit ZIP prefixes (320-349; 340 is the military's Armed Forces Americas). */
export function isFloridaZip(zip: string | undefined): boolean {
  const prefix = Number((zip ?? '').trim().slice(0, 3));
  return /^\d{5}/.test((zip ?? '').trim()) && prefix >= 320 && prefix <= 349 && prefix !== 340;
}

/** True when the voter file's state, the ZIP, the window key's states or the area code say Florida. */
export function isFloridaContact(c: Pick<Contact, 'phone' | 'state' | 'zip' | 'windowKey'>): boolean {
  if (c.state?.toUpperCase() === 'FL' || isFloridaZip(c.zip) || windowKeyReachesFlorida(c.windowKey)) return true;
  const areaCode = areaCodeOf(c.phone);
  return areaCode !== undefined && AREA_CODE_ZONES[areaCode]?.state === 'FL';
}

/** The window key names Florida as the address state or the area code's state (R2.4e). */
export function windowKeyReachesFlorida(key: string): boolean {
  const { zipState, areaCodeState } = parseWindowKey(key);
  return zipState === 'FL' || areaCodeState === 'FL';
}

/** What the `{disclaimer}` merge field renders: the text, the link, or both. */
export function disclaimerText(d: CampaignDisclaimer | undefined): string {
  return [d?.text?.trim(), d?.url?.trim()].filter((x): x is string => Boolean(x)).join(' ');
}

/** Generic "Paid for by" wording written into a script by hand, in English or Spanish. */
const PAID_FOR_BY = [' PAID FOR BY ', ' PAGADO POR ', ' PAGADA POR '];

/** True when a text carries the campaign's disclaimer, its link, or a hand-written "Paid for by". */
export function carriesDisclaimer(text: string, d: CampaignDisclaimer | undefined): boolean {
  const words = ` ${normalizePhraseText(text)} `;
  if (d?.text && normalizePhraseText(d.text) !== '' && words.includes(` ${normalizePhraseText(d.text)} `)) return true;
  if (d?.url) {
    const bare = d.url.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/$/, '');
    if (bare !== '' && text.toLowerCase().includes(bare)) return true;
  }
  return PAID_FOR_BY.some((p) => words.includes(p));
}
