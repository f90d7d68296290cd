import { openCsvFile } from './src/adapters/files/csv-source.js';
import { createPhoneWorkerPool } from './src/adapters/files/phone-worker-pool.js';
import { ContactImporter } from './src/core/contacts/import/importer.js';
import { createSinkStore } from './bench/support/sink-store.js';
for (const size of [0, 1, 2, 3]) {
  const pool = size ? createPhoneWorkerPool(size) : undefined;
  if (pool) await Promise.all(Array.from({length: size}, () => pool.normalizeMany(['2025550143'], 'US')));
  for (let r = 0; r < 2; r++) {
    const src = await openCsvFile('/tmp/textbank-bench-voters-100000.csv');
    const t = performance.now();
    const rep = await new ContactImporter(createSinkStore().store, { now: () => new Date() }).run(src.records, { orgId: 'o', campaignId: 'c', ...(pool ? { phones: pool } : {}) });
    console.log(size, 'workers', Math.round(rep.rows / ((performance.now() - t) / 1000)), 'rows/s');
  }
  await pool?.close();
}
