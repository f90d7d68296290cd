/**
 * A campaign's results as VAN Bulk Upload Wizard records (pure over the Store, streamed), for
 * orgs whose VAN has no API access. Where the org mapped the campaign to VAN (`crm map`), cells
 * hold VAN's own names (question, response, activist code, result code); elsewhere Textbank's
 * own (question text, answer label, tag label, a standard result name), which the wizard lets
 * the organizer match by hand. Contacts without a VAN ID cannot be uploaded: they are counted,
 * not written. Only a delivered text is a contact attempt (the layout blanks the rest).
 */
import type { Campaign } from '../model/campaign.js';
import type { Contact } from '../model/contact.js';
import type { Store } from '../ports.js';
import type { CrmMapping, CrmOutcome } from './model.js';
import { vanBulkLayout, type VanBulkLayout, type VanBulkRecord } from './van-bulk-csv.js';
import { vanIdOf } from './van-id.js';

/** Result names used when an outcome is not mapped to one of the org's VAN result codes. */
const DEFAULT_RESULTS: Record<CrmOutcome, string> = { wrong_number: 'Wrong Number', moved: 'Moved', deceased: 'Deceased', opt_out: 'Do Not Text' };

export interface VanBulkExport {
  layout: VanBulkLayout;
  records: AsyncIterable<VanBulkRecord>;
  /** Filled while `records` is read. */
  counts: { rows: number; noVanId: number };
}

export async function vanBulkExport(store: Store, target: { orgId: string; campaign: Pick<Campaign, 'id' | 'survey' | 'tags'> }): Promise<VanBulkExport> {
  const { orgId, campaign } = target;
  const connection = await store.crm.getConnection(orgId, 'van');
  const mapping: CrmMapping | undefined = connection?.mappings.find((m) => m.campaignId === campaign.id);
  const catalog = connection?.catalog;
  const questionName = new Map(catalog?.surveyQuestions.map((q) => [q.id, q]) ?? []);
  const codeName = new Map(catalog?.activistCodes.map((c) => [c.id, c.name]) ?? []);
  const resultName = new Map(catalog?.resultCodes.map((c) => [c.id, c.name]) ?? []);

  type Cell = { kind: 'answer'; question: string; response: string } | { kind: 'code'; name: string };
  /** `<questionId>/<answerId>` -> what goes in the file. */
  const answers = new Map<string, Cell>();
  for (const q of campaign.survey) {
    for (const a of q.answers) {
      const m = mapping?.answers.find((x) => x.questionId === q.id && x.answerId === a.id);
      let cell: Cell = { kind: 'answer', question: q.text, response: a.label };
      if (m && 'responseId' in m.target) {
        const vq = questionName.get(m.target.questionId);
        const vr = vq?.responses.find((r) => r.id === (m.target as { responseId: string }).responseId);
        if (vq && vr) cell = { kind: 'answer', question: vq.name, response: vr.name };
      } else if (m && 'activistCode' in m.target) {
        cell = { kind: 'code', name: codeName.get(m.target.activistCode) ?? m.target.activistCode };
      }
      answers.set(`${q.id}/${a.id}`, cell);
    }
  }
  const tags = new Map(
    campaign.tags.map((tag) => {
      const m = mapping?.tags.find((x) => x.tagId === tag.id);
      return [tag.id, m ? (codeName.get(m.activistCode) ?? m.activistCode) : tag.label];
    }),
  );
  const result = (outcome: CrmOutcome): string => {
    const m = mapping?.outcomes.find((o) => o.outcome === outcome);
    return (m && resultName.get(m.resultCode)) ?? DEFAULT_RESULTS[outcome];
  };

  const questions = [...new Set([...answers.values()].flatMap((c) => (c.kind === 'answer' ? [c.question] : [])))];
  const codes = [...new Set([...[...answers.values()].flatMap((c) => (c.kind === 'code' ? [c.name] : [])), ...tags.values()])];
  const layout = vanBulkLayout({ surveyQuestions: questions, activistCodes: codes });
  const counts = { rows: 0, noVanId: 0 };

  function recordOf(contact: Contact, vanId: string, deliveredAt: Date | undefined, optedOut: boolean): VanBulkRecord {
    const surveyResponses: VanBulkRecord['surveyResponses'] = [];
    const activistCodes = new Set<string>();
    for (const [questionId, answerId] of Object.entries(contact.surveyAnswers)) {
      const cell = answers.get(`${questionId}/${answerId}`);
      if (cell?.kind === 'answer') surveyResponses.push({ question: cell.question, response: cell.response });
      else if (cell?.kind === 'code') activistCodes.add(cell.name);
    }
    for (const tagId of contact.tags) {
      const name = tags.get(tagId);
      if (name !== undefined) activistCodes.add(name);
    }
    const raw: unknown = (contact as { outcome?: unknown }).outcome;
    const outcome: CrmOutcome | undefined =
      raw === 'wrong_number' || raw === 'moved' || raw === 'deceased' ? raw : contact.tags.includes('wrong_number') ? 'wrong_number' : optedOut ? 'opt_out' : undefined;
    return {
      vanId,
      ...(deliveredAt ? { contactedAt: deliveredAt, phone: contact.phone } : {}),
      ...(outcome ? { result: result(outcome) } : {}),
      surveyResponses,
      activistCodes: [...activistCodes],
    };
  }

  async function* records(): AsyncGenerator<VanBulkRecord> {
    for await (const contact of store.contacts.streamByCampaign(orgId, campaign.id)) {
      const found = vanIdOf(contact.customFields);
      if (!found.found) {
        counts.noVanId += 1;
        continue;
      }
      const initial = await store.messages.findInitial(orgId, contact.id);
      const delivered = initial?.status === 'delivered' ? [...initial.history].reverse().find((h) => h.status === 'delivered')?.at ?? initial.updatedAt : undefined;
      const optedOut = contact.status === 'opted_out' || (await store.optOuts.isOptedOut(orgId, contact.phone));
      counts.rows += 1;
      yield recordOf(contact, found.vanId, delivered, optedOut);
    }
  }

  return { layout, records: records(), counts };
}
