import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { demoExtraCsvPath, sampleCsvPath } from '../../../src/adapters/web/assets.js';
import { vanIdOf } from '../../../src/core/crm/van-id.js';

describe('bundled sandbox voter files', () => {
  it.each([['sample-voters.csv', sampleCsvPath], ['demo-extra-voters.csv', demoExtraCsvPath]])('%s: every voter carries its own VAN ID, so the sandbox shows CRM sync and the VAN export with rows', async (_name, path) => {
    const rows = parse(await readFile(path(), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    const ids = rows.map((r) => vanIdOf({ precinct: r.precinct ?? '', van_id: r.van_id ?? '' }));
    expect(ids.every((l) => l.found)).toBe(true);
    expect(new Set(ids.map((l) => (l.found ? l.vanId : ''))).size).toBe(rows.length);
  });

  it('the two files share no VAN ID (the demo imports both into one campaign)', async () => {
    const idsOf = async (path: string) => (parse(await readFile(path, 'utf8'), { columns: true }) as Record<string, string>[]).map((r) => r.van_id);
    const a = new Set(await idsOf(sampleCsvPath()));
    expect((await idsOf(demoExtraCsvPath())).filter((id) => a.has(id))).toEqual([]);
  });
});
