/**
 * A CSV for VAN's Bulk Upload Wizard, for orgs whose VAN has no API access (pure, streaming).
 *
 * Layout, from the VAN bulk-upload guidance state parties give their campaigns ("Bulk Uploading
 * Data to MyVoters", kydemocratshelp.freshdesk.com): the file holds, from left to right, the
 * VAN ID (never blank), the date contacted, the phone number (needed for phone and text contact so
 * a wrong number is marked on that phone), the canvass result, then survey questions and activist
 * codes "with a separate column for each question". The wizard maps each column to a VAN field or
 * question by hand, so headers only need to be clear:
 *
 *   VANID | Date Contacted | Phone Number | Contact Type | Canvass Result | <question>... | Activist Code: <name>...
 *
 * Cells hold VAN's names (a response's name under its question, the activist code's name under its
 * column), which the wizard matches. A row without a delivered text has no date, phone, contact
 * type, result or survey answers (an undelivered text is no contact attempt); only its activist
 * codes remain. Every text cell goes through csvSafe (spreadsheet formula injection), and quoting
 * follows RFC 4180.
 */
import { csvSafe } from '../contacts/export/csv-safe.js';

export const VAN_BULK_FIXED = ['VANID', 'Date Contacted', 'Phone Number', 'Contact Type', 'Canvass Result'] as const;
export const VAN_BULK_ACTIVIST_PREFIX = 'Activist Code: ';
/** VAN's contact type for texts. */
export const VAN_SMS_CONTACT_TYPE = 'SMS Text';

export interface VanBulkRecord {
  vanId: string;
  /** When the text was delivered; undefined for an undelivered one (no contact attempt). */
  contactedAt?: Date;
  /** E.164. */
  phone?: string;
  /** The VAN result code's name (Wrong Number, Moved, Deceased, Do Not Text...). */
  result?: string;
  /** VAN survey question name -> response name. */
  surveyResponses: { question: string; response: string }[];
  /** VAN activist code names to apply. */
  activistCodes: string[];
}

export interface VanBulkLayoutOptions {
  /** Survey question columns, in order (VAN names). Answers to other questions are counted (unmapped), not written. */
  surveyQuestions: readonly string[];
  /** Activist code columns, in order (VAN names). */
  activistCodes: readonly string[];
  /** IANA zone for Date Contacted (the campaign's); default UTC. */
  timeZone?: string;
}

export interface VanBulkLayout {
  header: string[];
  /** Cells for one record, and how many of its answers or codes had no column. */
  row(record: VanBulkRecord): { cells: string[]; unmapped: number };
}

/** Headers are matched by hand in the wizard, so two columns never share one. */
function unique(names: readonly string[], taken: Set<string>): string[] {
  return names.map((n) => {
    let name = n;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${n} (${i})`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Digits VAN stores for a phone: the 10-digit number for +1, else country code and number. */
export function vanPhoneDigits(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  return e164.startsWith('+1') && digits.length === 11 ? digits.slice(1) : digits;
}

export function vanBulkLayout(opts: VanBulkLayoutOptions): VanBulkLayout {
  const taken = new Set<string>(VAN_BULK_FIXED.map((h) => h.toLowerCase()));
  const questionHeaders = unique(opts.surveyQuestions, taken);
  const codeHeaders = unique(opts.activistCodes.map((c) => `${VAN_BULK_ACTIVIST_PREFIX}${c}`), taken);
  const questionIndex = new Map(opts.surveyQuestions.map((q, i) => [q, i]));
  const codeIndex = new Map(opts.activistCodes.map((c, i) => [c, i]));
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: opts.timeZone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });

  return {
    header: [...VAN_BULK_FIXED, ...questionHeaders, ...codeHeaders].map(csvSafe),
    row(r) {
      const contacted = r.contactedAt !== undefined;
      const answers: string[] = new Array(questionHeaders.length).fill('');
      const codes: string[] = new Array(codeHeaders.length).fill('');
      let unmapped = 0;
      if (contacted) {
        for (const s of r.surveyResponses) {
          const i = questionIndex.get(s.question);
          if (i === undefined) unmapped += 1;
          else answers[i] = csvSafe(s.response);
        }
      }
      for (const c of r.activistCodes) {
        const i = codeIndex.get(c);
        if (i === undefined) unmapped += 1;
        else codes[i] = csvSafe(c);
      }
      const cells = [
        csvSafe(r.vanId),
        contacted ? date.format(r.contactedAt) : '',
        contacted && r.phone ? vanPhoneDigits(r.phone) : '',
        contacted ? VAN_SMS_CONTACT_TYPE : '',
        contacted && r.result ? csvSafe(r.result) : '',
        ...answers,
        ...codes,
      ];
      return { cells, unmapped };
    },
  };
}

/** One CSV line (RFC 4180): a cell with a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\r\n`;
}

/**
 * The whole file as a stream of lines (header first), reading records as they come so memory
 * stays flat at any size. `bom` (default true) lets Excel read accented names.
 */
export async function* vanBulkCsv(
  layout: VanBulkLayout,
  records: Iterable<VanBulkRecord> | AsyncIterable<VanBulkRecord>,
  opts: { bom?: boolean; counts?: { rows: number; unmapped: number } } = {},
): AsyncGenerator<string> {
  yield `${opts.bom === false ? '' : '\uFEFF'}${csvLine(layout.header)}`;
  for await (const r of records) {
    const { cells, unmapped } = layout.row(r);
    if (opts.counts) {
      opts.counts.rows += 1;
      opts.counts.unmapped += unmapped;
    }
    yield csvLine(cells);
  }
}
