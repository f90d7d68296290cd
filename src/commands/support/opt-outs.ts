// Opt-outs entered by organizers (R1.4c: received by email, phone or in person) and opt-out
// lists from a file. Written to the org-wide suppression list first (R1.2, R1.5), then every
// not-yet-messaged contact of the phone is marked opted_out; each new record is audited (R1.7).
import { ScanPipeline } from '../../core/contacts/import/pipeline.js';
import type { ParsedRecord } from '../../core/contacts/import/records.js';
import { fileError } from '../../core/contacts/import/scan.js';
import type { Member } from '../../core/model/org.js';
import type { OptOut } from '../../core/model/opt-out.js';
import type { OptOutImportReport } from '../views/files.js';
import type { Services } from '../services.js';
import { eventId } from '../../core/webhooks/publish.js';

/** Sources an organizer may also lift (their own entries); the others only the voter lifts, by START (R1.7). */
export const ADMIN_SOURCES: readonly OptOut['source'][] = ['admin', 'import'];

export async function addOptOut(services: Services, orgId: string, phone: string, by: Member, source: 'admin' | 'import'): Promise<{ created: boolean; optOut: OptOut }> {
  const { store, clock } = services;
  const now = clock.now();
  const rule = source === 'admin' ? 'admin:entered' : 'import:list';
  const result = await store.optOuts.record(orgId, { orgId, phone, source, rule, by: by.id, at: now });
  await store.contacts.optOutPhone(orgId, phone, now);
  if (result.created) {
    await store.audit.append({
      orgId,
      at: now,
      actor: { type: 'member', id: by.id, name: by.displayName },
      action: 'optout.recorded',
      subject: { type: 'opt_out', id: result.optOut.id },
      data: { phone, source, rule },
    });
  }
  // The record's id: an opt-out entered twice is one event.
  await services.engine.publish({
    id: eventId.optOutRecorded(result.optOut.id),
    type: 'opt_out.recorded',
    orgId,
    at: result.optOut.at,
    data: { phone: result.optOut.phone, source: result.optOut.source, rule: result.optOut.rule ?? null, optOutId: result.optOut.id },
  });
  return result;
}

export async function liftOptOut(services: Services, orgId: string, optOut: OptOut, by: Member): Promise<void> {
  const { store, clock } = services;
  const removed = await store.optOuts.remove(orgId, optOut.phone);
  if (!removed) return;
  await store.audit.append({
    orgId,
    at: clock.now(),
    actor: { type: 'member', id: by.id, name: by.displayName },
    action: 'optout.lifted',
    subject: { type: 'opt_out', id: removed.id },
    data: { phone: removed.phone, previousSource: removed.source, optedOutAt: removed.at.toISOString(), rule: 'admin:removed' },
  });
  await services.engine.publish({
    id: eventId.optOutLifted(removed.id),
    type: 'opt_out.lifted',
    orgId,
    at: clock.now(),
    data: { phone: removed.phone, source: 'admin', previousSource: removed.source, optOutId: removed.id },
  });
}

/** Records every valid phone of an opt-out list (a CSV with a phone column). */
export async function importOptOuts(services: Services, orgId: string, records: AsyncIterable<ParsedRecord>, by: Member): Promise<OptOutImportReport> {
  const pipeline = new ScanPipeline({ maxInvalid: 1_000 });
  let added = 0;
  let already = 0;
  for await (const batch of pipeline.contacts(records)) {
    for (const contact of batch) {
      const r = await addOptOut(services, orgId, contact.phone, by, 'import');
      if (r.created) added += 1;
      else already += 1;
    }
  }
  const scan = pipeline.scan;
  if (!scan) throw fileError('empty');
  if (scan.rows === 0) throw fileError('no_rows');
  return { rows: scan.rows, added, already, duplicates: scan.duplicates, invalid: scan.sortedInvalid(), invalidTotal: scan.invalidTotal };
}
