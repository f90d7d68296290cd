// Worker thread body for PhoneWorkerPool: normalizes batches of phone cells with the same
// normalizePhone the import core uses. Replies are compact strings: the E.164 number, or '!'
// followed by the reason code.
import { parentPort } from 'node:worker_threads';
import { normalizePhone } from '../../core/contacts/phone.js';

export interface PhoneJob {
  id: number;
  inputs: readonly string[];
  region: string;
}

parentPort?.on('message', (job: PhoneJob) => {
  const out = job.inputs.map((input) => {
    const r = normalizePhone(input, job.region);
    return r.ok ? r.e164 : `!${r.reason}`;
  });
  parentPort?.postMessage({ id: job.id, out });
});
