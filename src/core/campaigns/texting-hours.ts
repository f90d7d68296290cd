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
