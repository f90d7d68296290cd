/**
 * Fictional sender numbers for the sandbox: 555-0100 in one area code after another (the NANP
 * keeps 555-0100..0199 for fiction, so none is a real line). A sender belongs to one org, so each
 * further org set up against the simulated carrier takes the next one, and voters' replies reach
 * the org that texted them without any configuration.
 */
import { AREA_CODE_ZONES } from '../../core/contacts/area-code-zones.js';

/** The first is the sandbox org's (+1 202 555-0100); up to `count` in all. */
export function simulatedOrgNumbers(first: string, count = 100): string[] {
  const more = Object.keys(AREA_CODE_ZONES)
    .sort()
    .map((areaCode) => `+1${areaCode}5550100`)
    .filter((n) => n !== first);
  return [first, ...more].slice(0, Math.max(1, count));
}
