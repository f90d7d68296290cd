import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCsvFile } from '../../../src/adapters/files/csv-source.js';
import { createPhoneWorkerPool } from '../../../src/adapters/files/phone-worker-pool.js';
import { checkRecords } from '../../../src/core/contacts/import/check.js';
import { normalizePhone } from '../../../src/core/contacts/phone.js';

const pool = createPhoneWorkerPool(2);
afterAll(async () => {
  await pool.close();
});

describe('phone worker pool', () => {
  it('gives exactly what normalizePhone gives, in order', async () => {
    const inputs = ['(202) 555-0143', 'CALL ME', '800-555-0100', '1.2025550143E+10', '', '202-555-0143 x12', '+44 20 7946 0958', '3125550101'];
    expect(await pool.normalizeMany(inputs, 'US')).toEqual(inputs.map((i) => normalizePhone(i, 'US')));
  });

  it('runs concurrent batches on both workers and keeps each batch apart', async () => {
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 50 }, (_, i) => `20255501${String((b * 7 + i) % 100).padStart(2, '0')}`));
    const results = await Promise.all(batches.map((batch) => pool.normalizeMany(batch, 'US')));
    results.forEach((r, b) => expect(r).toEqual(batches[b]?.map((i) => normalizePhone(i))));
  });

  it('the messy 10K file gives the same report with worker phones as on one thread', async () => {
    const file = join(import.meta.dirname, '..', '..', 'fixtures', 'csv', 'messy-10k.csv');
    const withWorkers = await checkRecords((await openCsvFile(file)).records, { phones: pool, batchSize: 257 });
    const inThread = await checkRecords((await openCsvFile(file)).records);
    expect(withWorkers).toEqual(inThread);
  });
});
