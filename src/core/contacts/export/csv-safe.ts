// Spreadsheet formula injection guard for exported cells (OWASP "CSV injection"): a cell a
// voter, volunteer or voter file could control that starts with = + - @ or a control character
// is prefixed with an apostrophe so Excel/Sheets show it as text instead of running it.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvSafe(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
