/**
 * A NumberLookup for the sandbox and tests: no network, no cost, always the same answer for the
 * same number. US numbers in the fictional 555-0100..555-0199 range (every number of the
 * sandbox's sample voters) get a fixed mix by their last digit: 7 is a landline, 9 is a VoIP
 * line, 555-0100 is not found, the rest are mobile. Any other number is mobile.
 * `credit` (tests): how many answers it gives before it says the account has no credit left.
 */
import type { LineType, NumberLookup, NumberLookupResult } from '../../core/ports.js';

const FICTIONAL = /^\+1\d{3}5550(1\d\d)$/;

/** The simulated answer for one number (pure; the sandbox page and tests rely on it). */
export function simulatedLineType(phone: string): NumberLookupResult {
  const m = FICTIONAL.exec(phone);
  if (!m) return { ok: true, lineType: 'mobile', carrier: 'Simulated Wireless' };
  const suffix = m[1] as string;
  if (suffix === '100') return { ok: false, reason: 'not_found', retryable: false };
  const last = suffix.at(-1);
  const lineType: LineType = last === '7' ? 'landline' : last === '9' ? 'voip' : 'mobile';
  const carrier = lineType === 'landline' ? 'Simulated Telephone Co.' : lineType === 'voip' ? 'Simulated VoIP' : 'Simulated Wireless';
  return { ok: true, lineType, carrier };
}

export interface SimulatedLookup extends NumberLookup {
  readonly kind: 'simulated';
  /** Every number asked, in order (tests count what would have been paid). */
  readonly asked: string[];
}

export function createSimulatedLookup(opts: { credit?: number } = {}): SimulatedLookup {
  const asked: string[] = [];
  let credit = opts.credit ?? Infinity;
  return {
    kind: 'simulated',
    asked,
    async lookup(phone) {
      if (credit <= 0) return { ok: false, reason: 'no_credit', retryable: false };
      asked.push(phone);
      const r = simulatedLineType(phone);
      if (r.ok) credit -= 1;
      return r;
    },
  };
}
