// Phone normalization benchmark: normalizePhone (clean-NANP shortcut, then libphonenumber) against
// the library-only path, over the phone cells of the import benchmark's voter file.
//   npm run bench -- phone [--rows 100000]
// With --exhaustive it also compares the shortcut with the library path for one number under
// every 7-digit prefix NPA-NXX-X (area codes 200-999: 8 million numbers; libphonenumber's +1
// patterns never look past the 7th digit), with and without allowNonUs. Takes minutes.
import { normalizeCleanNanp, normalizePhone, normalizePhoneWithLibrary } from '../src/core/contacts/phone.js';
import { readFile } from 'node:fs/promises';
import { flag } from './support/measure.js';
import { voterFile } from './support/voter-file.js';

export const name = 'phone';

const PHONE_COLUMN = 3; // voter_id,first_name,last_name,cell_phone,... (no quoted field before it)

function timeEach(label: string, inputs: readonly string[], fn: (input: string) => unknown): number {
  fn(inputs[0] ?? ''); // warm up
  const started = performance.now();
  for (const input of inputs) fn(input);
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${label.padEnd(34)} ${(seconds * 1e6 / inputs.length).toFixed(2).padStart(7)} µs/number  ${Math.round(inputs.length / seconds).toLocaleString('en-US').padStart(11)} numbers/s`);
  return seconds;
}

function exhaustive(): void {
  const started = performance.now();
  let checked = 0;
  let mismatches = 0;
  let suffix = 12345;
  for (let prefix = 2_000_000; prefix < 10_000_000; prefix += 1) {
    suffix = (suffix * 1103515245 + 12345) % 2147483648;
    const national = `${prefix}${String(suffix % 1000).padStart(3, '0')}`;
    for (const allowNonUs of [false, true]) {
      const fast = normalizeCleanNanp(national, { allowNonUs });
      const full = normalizePhoneWithLibrary(national, 'US', { allowNonUs });
      checked += 1;
      if (JSON.stringify(fast) !== JSON.stringify(full)) {
        mismatches += 1;
        if (mismatches <= 20) console.log(`  MISMATCH ${national} allowNonUs=${allowNonUs}: shortcut ${JSON.stringify(fast)} library ${JSON.stringify(full)}`);
      }
    }
    if (prefix % 1_000_000 === 999_999) console.log(`  ... ${prefix + 1 - 2_000_000} prefixes, ${mismatches} mismatches, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  console.log(`phone --exhaustive: ${checked.toLocaleString('en-US')} comparisons, ${mismatches} mismatches`);
  if (mismatches > 0) process.exitCode = 1;
}

export async function run(args: string[]): Promise<void> {
  const rows = Number(flag(args, 'rows') ?? 100_000);
  const file = await voterFile(rows);
  const lines = (await readFile(file.path, 'utf8')).split('\n').slice(1).filter((l) => l !== '');
  const inputs = lines.map((l) => l.split(',')[PHONE_COLUMN] ?? '');
  const clean = inputs.filter((i) => normalizeCleanNanp(i) !== undefined).length;
  console.log(`phone: ${inputs.length.toLocaleString('en-US')} phone cells from ${file.path} (${(100 * clean / inputs.length).toFixed(1)}% take the clean-NANP shortcut)`);
  const library = timeEach('libphonenumber path only', inputs, (i) => normalizePhoneWithLibrary(i, 'US'));
  const fast = timeEach('normalizePhone (shortcut first)', inputs, (i) => normalizePhone(i, 'US'));
  console.log(`  speed-up: ${(library / fast).toFixed(1)}x`);
  if (args.includes('--exhaustive')) exhaustive();
}
