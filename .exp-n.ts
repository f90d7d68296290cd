import { openCsvFile } from './src/adapters/files/csv-source.js';
import { checkRecords } from './src/core/contacts/import/check.js';
console.log(JSON.stringify(await checkRecords((await openCsvFile('/tmp/textbank-bench-voters-100000.csv')).records)));
