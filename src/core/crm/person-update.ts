/**
 * One contact -> what to write to the CRM (pure). Only a delivered text counts as a contact
 * attempt; survey answers, tags and outcomes are written only where the organizer mapped them;
 * the idempotency key is a hash of exactly that content, so a re-run with nothing new is skipped.
 */
import type { Contact } from '../model/contact.js';
import type { CrmKind, CrmPersonUpdate } from '../ports.js';
import { scriptHash } from '../campaigns/engine-deps.js';
import type { CrmMapping, CrmOutcome } from './model.js';
import { vanIdOf } from './van-id.js';

/** Why a contact was not written (closed set: report keys and locale keys). */
export const CRM_SKIP_REASONS = ['no_van_id', 'invalid_van_id', 'not_delivered', 'unchanged', 'in_progress'] as const;
export type CrmSkipReason = (typeof CRM_SKIP_REASONS)[number];

export interface PersonUpdateInput {
  kind: CrmKind;
  contact: Contact;
  mapping: CrmMapping | undefined;
  /** When the contact's initial text was delivered (undefined: not delivered, or never sent). */
  deliveredAt: Date | undefined;
  /** The phone is on the org's opt-out list. */
  optedOut: boolean;
  /** The CRM's person id stored by an earlier run. */
  knownExternalId?: string;
}

export type PersonUpdateResult = { ok: true; update: CrmPersonUpdate; unmapped: number } | { ok: false; reason: CrmSkipReason };

/** Outcomes another part of Textbank records on a contact; read defensively (older records lack it). */
function outcomeOf(contact: Contact): CrmOutcome | undefined {
  const raw: unknown = (contact as { outcome?: unknown }).outcome;
  if (raw === 'wrong_number' || raw === 'moved' || raw === 'deceased') return raw;
  // The Wrong number button tags the contact.
  if (contact.tags.includes('wrong_number')) return 'wrong_number';
  return undefined;
}

export function buildPersonUpdate(input: PersonUpdateInput): PersonUpdateResult {
  const { contact, mapping, kind, deliveredAt, optedOut } = input;
  let externalId = input.knownExternalId;
  if (kind === 'van') {
    const found = vanIdOf(contact.customFields);
    if (found.found) externalId = found.vanId;
    else if (externalId === undefined) return { ok: false, reason: found.reason };
  }
  if (!deliveredAt && !optedOut) return { ok: false, reason: 'not_delivered' };

  const surveyResponses: { questionId: string; responseId: string }[] = [];
  const activistCodes = new Set<string>();
  let unmapped = 0;
  let resultCode: string | undefined;
  // Without a delivered text there was no conversation: only the opt-out is worth telling.
  if (deliveredAt) {
    for (const [questionId, answerId] of Object.entries(contact.surveyAnswers)) {
      const m = mapping?.answers.find((a) => a.questionId === questionId && a.answerId === answerId);
      if (!m) unmapped += 1;
      else if ('responseId' in m.target) surveyResponses.push({ questionId: m.target.questionId, responseId: m.target.responseId });
      else activistCodes.add(m.target.activistCode);
    }
    for (const tagId of contact.tags) {
      const m = mapping?.tags.find((t) => t.tagId === tagId);
      if (m) activistCodes.add(m.activistCode);
      else if (tagId !== 'wrong_number') unmapped += 1;
    }
    const outcome = outcomeOf(contact);
    resultCode = outcome ? mapping?.outcomes.find((o) => o.outcome === outcome)?.resultCode : undefined;
  }
  if (resultCode === undefined && optedOut && deliveredAt) resultCode = mapping?.outcomes.find((o) => o.outcome === 'opt_out')?.resultCode;
  // Action Network has no result codes (it refuses an update carrying one): an opt-out reaches it as the phone's status.
  if (kind === 'action_network') resultCode = undefined;

  surveyResponses.sort((a, b) => (a.questionId + a.responseId < b.questionId + b.responseId ? -1 : 1));
  const codes = [...activistCodes].sort();
  const content = {
    texted: deliveredAt?.toISOString() ?? null,
    surveyResponses,
    activistCodes: codes,
    resultCode: resultCode ?? null,
    optedOut,
  };
  // The person id is left out: learning it from the first write must not make the content "new".
  const idempotencyKey = `${kind}:${contact.id}:${scriptHash(JSON.stringify(content))}`;
  const update: CrmPersonUpdate = {
    contactId: contact.id,
    ...(externalId !== undefined ? { externalId } : {}),
    person: {
      phone: contact.phone,
      ...(contact.firstName ? { firstName: contact.firstName } : {}),
      ...(contact.lastName ? { lastName: contact.lastName } : {}),
      ...(contact.zip ? { zip: contact.zip } : {}),
    },
    ...(deliveredAt ? { texted: { at: deliveredAt } } : {}),
    surveyResponses,
    activistCodes: codes,
    ...(resultCode !== undefined ? { resultCode } : {}),
    optedOut,
    idempotencyKey,
  };
  return { ok: true, update, unmapped };
}
