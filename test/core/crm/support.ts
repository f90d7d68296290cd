// A campaign with contacts in every state a CRM sync meets, seeded straight into the memory
// store, and a CrmSync double that records every write and can be told to fail.
import { engineTestStore } from '../engine/harness.js';
import type { Clock, CrmPersonUpdate, CrmPushResult, CrmSync, Store } from '../../../src/core/ports.js';
import type { CrmMapping } from '../../../src/core/crm/model.js';
import type { NewContact } from '../../../src/core/model/contact.js';

export const NOW = new Date('2026-11-17T15:00:00Z');
export const clock: Clock = { now: () => new Date(NOW) };

export interface Seeded {
  store: Store;
  orgId: string;
  campaignId: string;
  /** Contact ids by name. */
  ids: Record<string, string>;
}

export interface SeedContact {
  name: string;
  delivered?: boolean;
  /** An initial text that was sent but not delivered. */
  undelivered?: boolean;
  answers?: Record<string, string>;
  tags?: string[];
  custom?: Record<string, string>;
  optOut?: boolean;
}

export async function seed(list: SeedContact[], given?: Store): Promise<Seeded> {
  const store = given ?? (await engineTestStore(clock));
  const org = await store.orgs.create({ platform: 'sandbox', externalId: `T-${Math.random()}`, name: 'Texas Forward' });
  const campaign = await store.campaigns.create(org.id, { orgId: org.id, slug: 'gotv', name: 'GOTV', createdBy: 'm1' });
  const rows: NewContact[] = list.map((c, i) => ({
    phone: `+1512555${String(1000 + i).padStart(4, '0')}`,
    firstName: c.name,
    lastName: 'Voter',
    windowKey: 'ET',
    customFields: c.custom ?? {},
  }));
  await store.contacts.insertMany(org.id, campaign.id, rows);
  const ids: Record<string, string> = {};
  const stored = [];
  for await (const c of store.contacts.streamByCampaign(org.id, campaign.id)) stored.push(c);
  for (const [i, spec] of list.entries()) {
    const contact = stored.find((c) => c.phone === rows[i]?.phone);
    if (!contact) throw new Error('seed: contact missing');
    ids[spec.name] = contact.id;
    for (const [q, a] of Object.entries(spec.answers ?? {})) await store.contacts.setSurveyAnswer(org.id, contact.id, q, a);
    for (const tag of spec.tags ?? []) await store.contacts.addTag(org.id, contact.id, tag);
    if (spec.delivered || spec.undelivered) {
      const { message } = await store.messages.create(org.id, {
        orgId: org.id, campaignId: campaign.id, contactId: contact.id, direction: 'outbound', kind: 'initial',
        voterPhone: contact.phone, body: 'Hi', status: 'queued',
      });
      await store.messages.applyStatus(org.id, message.id, 'sent', NOW);
      await store.messages.applyStatus(org.id, message.id, spec.delivered ? 'delivered' : 'undelivered', new Date(NOW.getTime() + 60_000), spec.delivered ? undefined : '30003');
    }
    if (spec.optOut) await store.optOuts.record(org.id, { orgId: org.id, phone: contact.phone, source: 'keyword', at: NOW });
  }
  return { store, orgId: org.id, campaignId: campaign.id, ids };
}

export const vanMapping = (campaignId: string): CrmMapping => ({
  campaignId,
  answers: [
    { questionId: 'q1', answerId: 'yes', target: { questionId: 'sq-support', responseId: 'sr-yes' } },
    { questionId: 'q1', answerId: 'no', target: { questionId: 'sq-support', responseId: 'sr-no' } },
    { questionId: 'q2', answerId: 'vol', target: { activistCode: 'ac-volunteer' } },
  ],
  tags: [{ tagId: 'donor', activistCode: 'ac-donor' }],
  outcomes: [
    { outcome: 'wrong_number', resultCode: 'rc-wrong-number' },
    { outcome: 'opt_out', resultCode: 'rc-refused' },
  ],
  updatedAt: NOW,
  updatedBy: 'm1',
});

export interface RecordingCrm extends CrmSync {
  writes: CrmPersonUpdate[];
  calls: number;
  /** Results to return for the next calls, by contact id (consumed in order). */
  script: Map<string, Extract<CrmPushResult, { ok: false }>[]>;
  /** Awaited inside push (lets a test hold two runs mid-write). */
  gate?: Promise<void>;
}

export function recordingCrm(kind: 'van' | 'action_network' = 'van'): RecordingCrm {
  const crm: RecordingCrm = {
    kind,
    writes: [],
    calls: 0,
    script: new Map(),
    async verify() {
      return { ok: true };
    },
    async catalog() {
      return { surveyQuestions: [], activistCodes: [], resultCodes: [] };
    },
    async push(batch) {
      crm.calls += 1;
      if (crm.gate) await crm.gate;
      return batch.map((u) => {
        const planned = crm.script.get(u.contactId)?.shift();
        if (planned) return planned;
        crm.writes.push(structuredClone(u));
        return { contactId: u.contactId, ok: true, externalId: u.externalId ?? `an-${u.contactId}` };
      });
    },
  };
  return crm;
}
