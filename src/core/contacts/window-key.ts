// The texting-window grouping key (R2.4): contacts with the same candidate zones and the same
// deciding states (ZIP state and area-code state, R2.4e) always have the same window, so claims
// can filter `windowKey IN (keys open now)` inside the store query.

export interface WindowKeyInput {
  /** Candidate IANA zones (any order, duplicates allowed). */
  readonly zones: readonly string[];
  /** State of the voter's address (ZIP, else the voter-file state column). */
  readonly zipState?: string | undefined;
  /** State of the phone's area code. */
  readonly areaCodeState?: string | undefined;
}

/**
 * Stable key: sorted, de-duplicated zones joined by ',', then '|' zipState '|' areaCodeState,
 * e.g. 'America/Chicago,America/New_York|FL|FL'; missing parts are empty ('|' separators stay).
 */
export function windowKeyFor(input: WindowKeyInput): string {
  const zones = input.zones.length <= 1 ? input.zones : [...new Set(input.zones)].sort();
  return `${zones.join(',')}|${input.zipState ?? ''}|${input.areaCodeState ?? ''}`;
}

/** The parts of a window key, the inverse of windowKeyFor. */
export function parseWindowKey(key: string): { zones: string[]; zipState?: string; areaCodeState?: string } {
  const [zones = '', zipState = '', areaCodeState = ''] = key.split('|');
  return {
    zones: zones === '' ? [] : zones.split(','),
    ...(zipState ? { zipState } : {}),
    ...(areaCodeState ? { areaCodeState } : {}),
  };
}
