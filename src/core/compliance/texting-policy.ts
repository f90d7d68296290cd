// Quiet-hours policy as data (R2.1-R2.3). Counsel tunes these; code only intersects them.

/** ISO weekday as luxon numbers it: 1 = Monday ... 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A local-time window, start inclusive, end exclusive, 'HH:mm' 24h ('24:00' allowed as an end). */
export interface LocalWindow {
  readonly start: string;
  readonly end: string;
}

/** Window per weekday in the recipient's local time; null = no texting that day. */
export type WeeklyHours = Readonly<Record<Weekday, LocalWindow | null>>;

/** R2.2 stricter state window, stored as `{window, days, holidays, appliesToPolitical}` (R2.3). */
export interface StateQuietHoursRule {
  /** USPS code. Applied when the ZIP state or the area-code state matches (R2.4e). */
  readonly state: string;
  /** Window on the allowed `days`. */
  readonly window: LocalWindow;
  /** Days texting is allowed at all. */
  readonly days: readonly Weekday[];
  /** Day-specific windows replacing `window` (TX Sunday 12-21). */
  readonly dayWindows?: Readonly<Partial<Record<Weekday, LocalWindow>>>;
  /** Local dates with no texting: 'YYYY-MM-DD' (one date) or 'MM-DD' (every year). */
  readonly holidays?: readonly string[];
  /** False: a commercial-only law, skipped when the policy is political (R2.2 table). */
  readonly appliesToPolitical: boolean;
  /** Citation for counsel. */
  readonly source: string;
}

export interface TextingPolicy {
  /** The org's base window, R2.3 by default. Always clamped to the R2.1 floor (08:00-21:00). */
  readonly weekly: WeeklyHours;
  /** Political / advocacy texts: state rules with appliesToPolitical=false are skipped. */
  readonly political: boolean;
  readonly stateRules: readonly StateQuietHoursRule[];
}

/**
 * A campaign's own narrower hours (R2.3: it can only narrow the policy, never widen it).
 * Named TextingWindowOverride because `WindowOverride` is the stored zod schema in
 * model/campaign.ts (startHour/endHour, JS weekdays 0 = Sunday); convert that one into this.
 */
export interface TextingWindowOverride {
  /** Intersected with every day's window. */
  readonly window?: LocalWindow;
  /** ISO weekdays the campaign texts on; other days are closed. */
  readonly days?: readonly Weekday[];
}

/** R2.1: 47 CFR 64.1200(c)(1) 08:00-21:00 recipient local, enforced as a floor whatever the policy says. */
export const FEDERAL_WINDOW: LocalWindow = { start: '08:00', end: '21:00' };

export const ALL_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** R2.2 table (verified states only). Aggregator-only reports (AL, LA, MS, KY, CT, RI) are left out until verified. */
export const STATE_QUIET_HOURS: readonly StateQuietHoursRule[] = [
  { state: 'FL', window: { start: '08:00', end: '20:00' }, days: ALL_DAYS, appliesToPolitical: false, source: 'R2.2 [S13]' },
  { state: 'OK', window: { start: '08:00', end: '20:00' }, days: ALL_DAYS, appliesToPolitical: false, source: 'R2.2 [S14]' },
  // MD: "Unclear" in R2.2 (covers "conducting a poll"); kept applicable until counsel relaxes it.
  { state: 'MD', window: { start: '08:00', end: '20:00' }, days: ALL_DAYS, appliesToPolitical: true, source: 'R2.2 [S15]' },
  { state: 'WA', window: { start: '08:00', end: '20:00' }, days: ALL_DAYS, appliesToPolitical: false, source: 'R2.2 [S16]' },
  {
    state: 'TX',
    window: { start: '09:00', end: '21:00' },
    days: ALL_DAYS,
    dayWindows: { 7: { start: '12:00', end: '21:00' } },
    appliesToPolitical: false,
    source: 'R2.2 [S17] TX SB 140, from 2025-09-01',
  },
];

/** R2.3 default: Mon-Sat 09:00-20:00, Sun 12:00-20:00 recipient local; satisfies R2.1 and all R2.2 states. */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = {
  1: { start: '09:00', end: '20:00' },
  2: { start: '09:00', end: '20:00' },
  3: { start: '09:00', end: '20:00' },
  4: { start: '09:00', end: '20:00' },
  5: { start: '09:00', end: '20:00' },
  6: { start: '09:00', end: '20:00' },
  7: { start: '12:00', end: '20:00' },
};

export const DEFAULT_TEXTING_POLICY: TextingPolicy = {
  weekly: DEFAULT_WEEKLY_HOURS,
  political: true,
  stateRules: STATE_QUIET_HOURS,
};

/**
 * R2.4(c): zones tried when none could be resolved. Every continental US zone must be open,
 * which lands close to Spoke's 12:00-21:00 ET fallback (here 12:00-20:00 ET on weekdays,
 * i.e. 09:00 PT to 20:00 ET).
 */
export const NO_ZONE_FALLBACK_ZONES: readonly string[] = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
];
