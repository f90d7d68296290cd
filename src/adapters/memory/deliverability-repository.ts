/** Rolling windows of carrier outcomes, in memory (each call is one synchronous step, so atomic). */
import { countOutcomes, type DeliverabilityRepository, type DeliverabilityWindow } from '../../core/deliverability/store-port.js';

interface Row {
  outcomes: string[];
  warned: boolean;
  paused: boolean;
}

export function createMemoryDeliverability(): DeliverabilityRepository {
  const rows = new Map<string, Row>();
  const id = (orgId: string, key: string) => `${orgId}\u0000${key}`;
  const view = (row: Row | undefined): DeliverabilityWindow => ({ ...countOutcomes(row?.outcomes ?? []), warned: row?.warned ?? false, paused: row?.paused ?? false });
  return {
    async record(orgId, key, outcome, max) {
      let row = rows.get(id(orgId, key));
      if (!row) rows.set(id(orgId, key), (row = { outcomes: [], warned: false, paused: false }));
      row.outcomes.push(outcome);
      if (row.outcomes.length > max) row.outcomes.splice(0, row.outcomes.length - max);
      return view(row);
    },
    async get(orgId, key) {
      return view(rows.get(id(orgId, key)));
    },
    async fire(orgId, key, flag) {
      let row = rows.get(id(orgId, key));
      if (!row) rows.set(id(orgId, key), (row = { outcomes: [], warned: false, paused: false }));
      if (row[flag]) return false;
      row[flag] = true;
      return true;
    },
    async rearm(orgId, key, flag) {
      const row = rows.get(id(orgId, key));
      if (row) row[flag] = false;
    },
    async reset(orgId, key) {
      rows.delete(id(orgId, key));
    },
  };
}
