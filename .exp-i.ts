import { readFileSync } from 'node:fs';
import { normalizePhone } from './src/core/contacts/phone.js';
import { resolveTimezones } from './src/core/contacts/timezone.js';
const lines = readFileSync('/tmp/textbank-bench-voters-100000.csv', 'utf8').split('\n').slice(1, -1);
const phones = lines.map((l) => l.split(',')[3]!);
for (let r = 0; r < 3; r++) {
  let t = performance.now(); let ok = 0; const e: string[] = [];
  for (const p of phones) { const x = normalizePhone(p); if (x.ok) { ok++; e.push(x.e164); } }
  const tp = performance.now() - t;
  t = performance.now();
  for (const p of e) resolveTimezones({ phone: p, zip: '33101', state: 'FL' });
  console.log(`normalizePhone ${(tp * 1000 / phones.length).toFixed(2)} us/row (${ok} ok), resolveTimezones ${((performance.now() - t) * 1000 / e.length).toFixed(2)} us/row`);
}
