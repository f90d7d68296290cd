import { openCsvFile } from './src/adapters/files/csv-source.js';
import { checkRecords } from './src/core/contacts/import/check.js';
for (let i = 0; i < 4; i++) {
const src = await openCsvFile('test/fixtures/csv/messy-10k.csv');
const t = performance.now();
const report = await checkRecords(src.records);
console.log('ms', (performance.now() - t).toFixed(0), report.rows);
}
