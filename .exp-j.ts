import { createPhoneWorkerPool } from './src/adapters/files/phone-worker-pool.js';
const pool = createPhoneWorkerPool(1);
console.log(await pool.normalizeMany(['2025550143', 'CALL ME', '800-555-0100'], 'US'));
await pool.close();
