/**
 * The records the memory store's insertMany stores: for each NewContact exactly what
 *   Contact.omit({ id: true }).parse({ ...rest, orgId, campaignId, status: 'pending', createdAt: now, updatedAt: now })
 * returns (rest = the NewContact without claimId and volunteerId), same keys in the same order,
 * fresh arrays, objects and dates, behind an `id` the store fills in. Contacts of the usual shape
 * (a plain object with well-typed values) are checked and copied here, in a fraction of zod's
 * time; anything else is handed to that zod parse itself, so what is rejected, and how, stays zod's.
 */
import { Contact, type NewContact } from '../../core/model/contact.js';
import type { Lang } from '../../core/model/common.js';

const NewContactRecord = Contact.omit({ id: true });

/** common.ts E164, Contact's firstName/lastName/zip/state limits, Id's length. */
const E164_RE = /^\+[1-9]\d{6,14}$/;
const MAX_NAME = 100;
const MAX_ZIP = 10;
const MAX_ID = 64;

const isId = (v: unknown): boolean => typeof v === 'string' && v.length >= 1 && v.length <= MAX_ID;
const isValidDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

/** z.array(z.string()): a new plain array, or undefined when zod would not accept it as is. */
function stringArray(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (let i = 0; i < v.length; i += 1) {
    const s: unknown = v[i];
    if (typeof s !== 'string') return undefined;
    out.push(s);
  }
  return out;
}

/**
 * z.record(z.string(), z.string()) for an ordinary object literal: a new object with the same
 * keys in the same order; undefined for anything else (symbol keys, an own `constructor`,
 * `__proto__`, another prototype, a non-string value), which zod then judges.
 */
function stringRecord(v: unknown): Record<string, string> | undefined {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return undefined;
  if (Object.getOwnPropertySymbols(v).length > 0 || Object.hasOwn(v, 'constructor')) return undefined;
  const source = v as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const k of Object.keys(source)) {
    const s = source[k];
    if (typeof s !== 'string' || k === '__proto__') return undefined;
    out[k] = s;
  }
  return out;
}

const FOLLOW_UP_KEYS = ['campaignId', 'contactId', 'conversationId', 'volunteerId'] as const;

/** Contact.followUpOf as zod returns it (schema key order), for a plain object of ids; else undefined. */
function followUpRecord(v: unknown): Record<string, string> | undefined {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return undefined;
  const source = v as Record<string, unknown>;
  const keys = Object.keys(source);
  if (Object.getOwnPropertySymbols(v).length > 0 || keys.some((k) => !(FOLLOW_UP_KEYS as readonly string[]).includes(k))) return undefined;
  if (!isId(source.campaignId) || !isId(source.contactId)) return undefined;
  const out: Record<string, string> = {};
  for (const k of FOLLOW_UP_KEYS) {
    if (!(k in source)) continue;
    if (!isId(source[k])) return undefined;
    out[k] = source[k] as string;
  }
  return out;
}

/** The record for one contact without zod, or undefined when zod must decide (see the file comment). */
export function fastContactRecord(nc: NewContact, orgId: string, campaignId: string, now: Date): Contact | undefined {
  if (typeof nc !== 'object' || nc === null) return undefined;
  const proto: unknown = Object.getPrototypeOf(nc);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const src = nc as Record<string, unknown>;
  let phone: unknown;
  let firstName: unknown;
  let lastName: unknown;
  let timezones: unknown;
  let windowKey: unknown;
  let language: unknown;
  let customFields: unknown;
  let surveyAnswers: unknown;
  let tags: unknown;
  // Optional keys: present (even as undefined) or absent, as zod keeps them.
  let zip: unknown;
  let state: unknown;
  let lastMessageAt: unknown;
  let importLine: unknown;
  let hasZip = false;
  let hasState = false;
  let hasLastMessageAt = false;
  let hasImportLine = false;
  let followUpOf: unknown;
  let hasFollowUpOf = false;
  // Own enumerable string keys: what `{ ...rest }` copies (symbol keys are unknown keys to zod: dropped).
  for (const k of Object.keys(src)) {
    switch (k) {
      case 'phone': phone = src[k]; break;
      case 'firstName': firstName = src[k]; break;
      case 'lastName': lastName = src[k]; break;
      case 'timezones': timezones = src[k]; break;
      case 'windowKey': windowKey = src[k]; break;
      case 'language': language = src[k]; break;
      case 'customFields': customFields = src[k]; break;
      case 'surveyAnswers': surveyAnswers = src[k]; break;
      case 'tags': tags = src[k]; break;
      case 'zip': zip = src[k]; hasZip = true; break;
      case 'state': state = src[k]; hasState = true; break;
      case 'lastMessageAt': lastMessageAt = src[k]; hasLastMessageAt = true; break;
      case 'importLine': importLine = src[k]; hasImportLine = true; break;
      // Rarer optional fields (a lookup's line type, segment facts...): zod copies those.
      case 'followUpOf': followUpOf = src[k]; hasFollowUpOf = true; break;
      case 'outcome': case 'variant': case 'linkClickedAt': case 'linkClicks': case 'lineType':
      case 'messagedAt': case 'repliedAt': case 'replyIntent': case 'initialStatus': case 'initialErrorCode': return undefined;
      default: break; // claimId/volunteerId are dropped, orgId/campaignId/status/dates overridden, the rest stripped
    }
  }
  if (typeof phone !== 'string' || !E164_RE.test(phone)) return undefined;
  if (firstName === undefined) firstName = '';
  else if (typeof firstName !== 'string' || firstName.length > MAX_NAME) return undefined;
  if (lastName === undefined) lastName = '';
  else if (typeof lastName !== 'string' || lastName.length > MAX_NAME) return undefined;
  if (zip !== undefined && (typeof zip !== 'string' || zip.length > MAX_ZIP)) return undefined;
  if (state !== undefined && (typeof state !== 'string' || state.length !== 2)) return undefined;
  const zones = timezones === undefined ? [] : stringArray(timezones);
  if (zones === undefined) return undefined;
  if (windowKey === undefined) windowKey = '';
  else if (typeof windowKey !== 'string') return undefined;
  if (language === undefined) language = 'en';
  else if (language !== 'en' && language !== 'es') return undefined;
  const custom = customFields === undefined ? {} : stringRecord(customFields);
  if (custom === undefined) return undefined;
  const answers = surveyAnswers === undefined ? {} : stringRecord(surveyAnswers);
  if (answers === undefined) return undefined;
  const tagList = tags === undefined ? [] : stringArray(tags);
  if (tagList === undefined) return undefined;
  if (lastMessageAt !== undefined && !isValidDate(lastMessageAt)) return undefined;
  if (importLine !== undefined && !Number.isSafeInteger(importLine)) return undefined;
  const source = hasFollowUpOf ? followUpRecord(followUpOf) : undefined;
  if (hasFollowUpOf && source === undefined) return undefined;

  const record: Record<string, unknown> = { id: '', orgId, campaignId, phone, firstName, lastName };
  if (hasZip) record.zip = zip;
  if (hasState) record.state = state;
  record.timezones = zones;
  record.windowKey = windowKey;
  record.language = language as Lang;
  record.customFields = custom;
  record.status = 'pending';
  record.surveyAnswers = answers;
  record.tags = tagList;
  // z.coerce.date() hands back `new Date(input)`.
  if (hasLastMessageAt) record.lastMessageAt = lastMessageAt === undefined ? undefined : new Date(lastMessageAt as Date);
  // A follow-up snapshot copies contacts in bulk: its source reference is copied here too.
  if (hasFollowUpOf) record.followUpOf = source;
  if (hasImportLine) record.importLine = importLine;
  record.createdAt = new Date(now);
  record.updatedAt = new Date(now);
  return record as Contact;
}

/** zod's own parse of one contact (throws its ZodError), behind an empty `id`: the reference for fastContactRecord. */
export function parsedContactRecord(nc: NewContact, orgId: string, campaignId: string, now: Date): Contact {
  const { claimId: _claim, volunteerId: _volunteer, ...rest } = nc;
  return { id: '', ...NewContactRecord.parse({ ...rest, orgId, campaignId, status: 'pending', createdAt: now, updatedAt: now }) };
}

/**
 * Records for a batch, in order, with `id: ''` (the store assigns ids to those it keeps).
 * Throws zod's error for the first invalid contact, before anything is stored.
 */
export function newContactRecords(orgId: string, campaignId: string, contacts: readonly NewContact[], now: Date): Contact[] {
  const fast = isId(orgId) && isId(campaignId) && isValidDate(now);
  return contacts.map((nc) => (fast ? fastContactRecord(nc, orgId, campaignId, now) : undefined) ?? parsedContactRecord(nc, orgId, campaignId, now));
}
