import { describe, expect, it } from 'vitest';
import { AREA_CODE_ZONES } from '../../../src/core/contacts/area-code-zones.js';
import { mapHeader } from '../../../src/core/contacts/import/header-map.js';
import { createRowMapper } from '../../../src/core/contacts/import/row-mapper.js';
import { parseState } from '../../../src/core/contacts/import/values.js';
import { normalizeZip, resolveTimezones } from '../../../src/core/contacts/timezone.js';
import { windowKeyFor } from '../../../src/core/contacts/window-key.js';

// R2.4: the row mapper remembers zones per (area code, ZIP, state column); every contact must
// still get exactly what resolveTimezones/windowKeyFor give for its own row, in its own array.

const NPAS = Object.keys(AREA_CODE_ZONES);
const ZIPS = ['33101', '60601', '78701', '85001', '83702', '46201', '10001', '20001', '94103', '73301', '46312', '42001', '97914', '00601', '2134', '462011234', '33101-1234', '', 'n/a', '99999'];
const STATES = ['FL', 'IL', 'TX', 'az', 'Idaho', '', 'XX', 'PR', 'OK'];

describe('row mapper zones (R2.4)', () => {
  it('gives every row the zones, window key and state of a direct resolution, across 80,000 rows (more distinct ZIPs than the memo keeps)', () => {
    const map = createRowMapper(mapHeader(['phone', 'zip', 'state']));
    const seen = new Set<unknown>();
    for (let i = 0; i < 80_000; i += 1) {
      const npa = NPAS[(i * 7) % NPAS.length] as string;
      const phone = `${npa}555${String(1000 + (i % 9000)).padStart(4, '0')}`;
      const zip = i % 4 === 0 ? (ZIPS[(i * 13) % ZIPS.length] as string) : String(10_000 + i); // 60,000 distinct ZIPs
      const state = STATES[(i * 5) % STATES.length] as string;
      const r = map({ fields: [phone, zip, state], line: i + 2 });
      if (!r.ok) continue;
      const zip5 = normalizeZip(zip);
      const stateColumn = parseState(state);
      const expected = resolveTimezones({ phone: r.contact.phone, zip: zip5, state: stateColumn });
      expect(r.contact.timezones).toEqual(expected.zones);
      expect(r.contact.windowKey).toBe(windowKeyFor(expected));
      expect(r.contact.state).toBe(stateColumn ?? expected.zipState);
      expect(seen.has(r.contact.timezones)).toBe(false); // its own array, never shared between contacts
      seen.add(r.contact.timezones);
    }
    expect(seen.size).toBeGreaterThan(70_000);
  });
});
