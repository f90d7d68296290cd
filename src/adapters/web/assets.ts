/**
 * The page's static files (plain HTML/CSS/JS, no build step) and the bundled sample voter list.
 * They live in src/adapters/web/assets and are read from there both when running from src (tsx,
 * tests) and from dist (npm start): the repository root is three folders up from either.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'adapters', 'web', 'assets');

/** The page template and the static files served under /sandbox/assets/ (a fixed list). */
export interface PageAssets {
  html: string;
  files: Record<string, { type: string; body: string }>;
}

const STATIC_FILES: Record<string, string> = {
  'sandbox.css': 'text/css; charset=utf-8',
  'ui.js': 'text/javascript; charset=utf-8',
  'modal.js': 'text/javascript; charset=utf-8',
  'sandbox.js': 'text/javascript; charset=utf-8',
};

export function loadPageAssets(dir = ASSETS_DIR): PageAssets {
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return {
    html: read('index.html'),
    files: Object.fromEntries(Object.entries(STATIC_FILES).map(([name, type]) => [name, { type, body: read(name) }])),
  };
}

/** The bundled sample CSV: 40 fictional voters, phones only in 555-0100..555-0199, each with a made-up VAN ID (van_id) so CRM sync and the VAN export show rows. */
export function sampleCsvPath(): string {
  return join(ASSETS_DIR, 'sample-voters.csv');
}

/**
 * The demo campaign's further 20 fictional voters (mobile 555-01xx phones, none in the sample
 * list): the demo imports both files so it has 60 voters, more than the 50 carrier outcomes the
 * deliverability guardrail needs before it judges a campaign (see demo.ts).
 */
export function demoExtraCsvPath(): string {
  return join(ASSETS_DIR, 'demo-extra-voters.csv');
}

/**
 * E.164 phone -> "First Last" for the sample voters and the demo's further voters, so the phones
 * panel can show names. The files are ours: plain comma-separated cells, no quoting, US numbers.
 */
export function sampleVoterNames(...paths: string[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const path of paths.length > 0 ? paths : [sampleCsvPath(), demoExtraCsvPath()]) {
    for (const [phone, name] of voterNames(path)) names.set(phone, name);
  }
  return names;
}

function voterNames(path: string): Map<string, string> {
  const [header, ...rows] = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = (header ?? '').split(',');
  const first = cols.indexOf('first_name');
  const last = cols.indexOf('last_name');
  const phone = cols.indexOf('cell_phone');
  const names = new Map<string, string>();
  for (const row of rows) {
    const cells = row.split(',');
    const digits = (cells[phone] ?? '').replace(/\D/g, '');
    if (digits.length === 10) names.set(`+1${digits}`, `${cells[first] ?? ''} ${cells[last] ?? ''}`.trim());
  }
  return names;
}
