// A synthetic voter file for the import/export benchmarks, written to os.tmpdir() once per size
// and reused. Realistic shape: 12 columns, phones in several formats, ~2% invalid phones,
// ~1% duplicates, quoted fields with commas, Spanish names, a language column.
import { createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AREA_CODE_ZONES } from '../../src/core/contacts/area-code-zones.js';

const NPAS = Object.keys(AREA_CODE_ZONES);
const FIRST = ['José', 'María', 'Ana', 'Luis', 'Carmen', 'John', 'Mary', 'James', 'Linda', 'Wei', 'Aisha', 'Sofía', 'Ángel', 'Chloé'];
const LAST = ['García', 'Muñoz', 'Smith', 'Johnson', 'Nguyen', 'Hernández', 'Brown', 'Peña', 'Kim', 'Núñez', "O'Brien", 'Williams'];
const CITIES = ['Miami', 'Chicago', 'Austin', 'Phoenix', 'Boise', 'Indianapolis', 'New York', 'Washington'];
const ZIPS = ['33101', '60601', '78701', '85001', '83702', '46201', '10001', '20001', '94103', '73301'];
const STATES = ['FL', 'IL', 'TX', 'AZ', 'ID', 'IN', 'NY', 'DC', 'CA', 'OK'];

export const VOTER_HEADER = 'voter_id,first_name,last_name,cell_phone,address,city,state,zip,party,precinct,language,notes';

/** Unique 10-digit number i: area code x exchange x line, all real-looking. */
function phoneDigits(i: number): string {
  const npa = NPAS[i % NPAS.length] as string;
  const rest = Math.floor(i / NPAS.length);
  const nxx = 200 + (rest % 800);
  const line = Math.floor(rest / 800) * 37 + (i % 31);
  return `${npa}${nxx}${String(line % 10000).padStart(4, '0')}`;
}

function formatPhone(d: string, i: number): string {
  switch (i % 6) {
    case 0: return d;
    case 1: return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
    case 2: return `+1${d}`;
    case 3: return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`;
    case 4: return `1-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
    default: return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
  }
}

function row(i: number): string {
  const k = i % 100;
  const phone = k === 7 ? 'n/a' : k === 42 ? `800555${String(i % 10000).padStart(4, '0')}` : k === 99 && i > 0 ? formatPhone(phoneDigits(i - 1), i) : formatPhone(phoneDigits(i), i);
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[(i * 7) % LAST.length] as string;
  const z = i % ZIPS.length;
  const notes = i % 50 === 0 ? '"called twice, no answer"' : '';
  return `V${String(i).padStart(8, '0')},${first},${last},${phone},"${100 + (i % 9000)} Main St, Apt ${i % 40}",${CITIES[i % CITIES.length]},${STATES[z]},${ZIPS[z]},${i % 3 === 0 ? 'D' : i % 3 === 1 ? 'R' : 'U'},P-${i % 400},${i % 5 === 0 ? 'es' : 'en'},${notes}`;
}

/** Path of a voter file with `rows` data rows (generated on first use). */
export async function voterFile(rows: number): Promise<{ path: string; bytes: number }> {
  const path = join(tmpdir(), `textbank-bench-voters-${rows}.csv`);
  if (!existsSync(path)) {
    const partial = `${path}.${process.pid}.part`;
    const out = createWriteStream(partial);
    let buffer = `${VOTER_HEADER}\n`;
    for (let i = 0; i < rows; i += 1) {
      buffer += `${row(i)}\n`;
      if (buffer.length > 1 << 16) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    out.end(buffer);
    await once(out, 'finish');
    renameSync(partial, path);
  }
  return { path, bytes: statSync(path).size };
}
