// Texting-window evaluation for the engine (R2.1-R2.5): the org policy, the campaign's narrower
// override, and the contact's zones/states (from its windowKey, computed at import).
import type { Campaign } from '../model/campaign.js';
import type { Contact } from '../model/contact.js';
import type { Org } from '../model/org.js';
import { parseWindowKey } from '../contacts/window-key.js';
import {
  DEFAULT_TEXTING_POLICY,
  textingWindow,
  type TextingPolicy,
  type TextingWindowResult,
  type Weekday,
  type TextingWindowOverride,
} from '../rules.js';

/** The org's hours policy: R2.3 defaults, political flag from the org (R2.2 appliesToPolitical). */
export function policyFor(org: Org): TextingPolicy {
  return { ...DEFAULT_TEXTING_POLICY, political: org.textingPolicy.political };
}

function hhmm(hour: number): string {
  const h = Math.floor(hour);
  const m = Math.round((hour - h) * 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * The campaign's override in the rules' terms. The model counts days 0 = Sunday .. 6 = Saturday
 * (JavaScript getDay); the rules use ISO weekdays 1 = Monday .. 7 = Sunday.
 */
export function overrideFor(campaign: Campaign): TextingWindowOverride | undefined {
  const o = campaign.windowOverride;
  if (!o) return undefined;
  const hasHours = o.startHour !== undefined || o.endHour !== undefined;
  const window = hasHours ? { start: hhmm(o.startHour ?? 0), end: hhmm(o.endHour ?? 24) } : undefined;
  const days = o.days?.map((d) => (d === 0 ? 7 : d) as Weekday);
  if (!window && !days) return undefined;
  return { ...(window ? { window } : {}), ...(days ? { days } : {}) };
}

/** The window for every contact that shares `windowKey` (claims evaluate one per key). */
export function windowForKey(org: Org, campaign: Campaign, windowKey: string, at: Date): TextingWindowResult {
  const override = overrideFor(campaign);
  return textingWindow({
    phone: '',
    at,
    policy: policyFor(org),
    resolved: parseWindowKey(windowKey),
    ...(override ? { override } : {}),
  });
}

/** The window for one contact: from its windowKey when the import computed one, else from phone/ZIP/state. */
export function windowForContact(org: Org, campaign: Campaign, contact: Contact, at: Date): TextingWindowResult {
  if (contact.windowKey !== '') return windowForKey(org, campaign, contact.windowKey, at);
  const override = overrideFor(campaign);
  return textingWindow({
    phone: contact.phone,
    zip: contact.zip ?? null,
    state: contact.state ?? null,
    at,
    policy: policyFor(org),
    ...(override ? { override } : {}),
  });
}

/**
 * Remembers windows per (hours policy, campaign override, windowKey) while they cannot change:
 * an open window stays open until its `closesAt`, a closed one stays closed until its `opensAt`.
 * Claims ask for every pending key on every press, and every Send press asks for its contact's
 * key; at election-eve load that is thousands of identical zone computations a second. A window with neither bound is kept for a minute.
 */
export class WindowCache {
  private readonly entries = new Map<string, { from: number; until: number; result: TextingWindowResult }>();

  constructor(private readonly maxEntries = 10_000) {}

  forKey(org: Org, campaign: Campaign, windowKey: string, at: Date): TextingWindowResult {
    const id = `${org.textingPolicy.political ? 1 : 0}|${JSON.stringify(campaign.windowOverride ?? null)}|${windowKey}`;
    const t = at.getTime();
    const hit = this.entries.get(id);
    if (hit && t >= hit.from && t < hit.until) return hit.result;
    const result = windowForKey(org, campaign, windowKey, at);
    const bound = result.allowed ? result.closesAt : result.opensAt;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(id, { from: t, until: bound ? bound.getTime() : t + 60_000, result });
    return result;
  }

  /** One contact's window: shared per windowKey; a contact without one is computed fresh. */
  forContact(org: Org, campaign: Campaign, contact: Contact, at: Date): TextingWindowResult {
    return contact.windowKey !== '' ? this.forKey(org, campaign, contact.windowKey, at) : windowForContact(org, campaign, contact, at);
  }
}
