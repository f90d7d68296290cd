// Texting window check (R2.1-R2.5), computed per IANA zone with luxon (R2.4d: DST handled,
// never fixed offsets). Checked on the server when Send is pressed (R2.5).
import { DateTime, IANAZone } from 'luxon';
import { resolveTimezones, type ResolvedTimezones } from '../contacts/timezone.js';
import {
  DEFAULT_TEXTING_POLICY,
  FEDERAL_WINDOW,
  NO_ZONE_FALLBACK_ZONES,
  type LocalWindow,
  type StateQuietHoursRule,
  type TextingPolicy,
  type Weekday,
  type TextingWindowOverride,
} from './texting-policy.js';

export type WindowRefusal = 'outside_hours' | 'closed_today' | 'no_zone_outside_fallback';
/** Every refusal reason; i18n keys `rules:window.<reason>`. */
export const WINDOW_REFUSALS: readonly WindowRefusal[] = ['outside_hours', 'closed_today', 'no_zone_outside_fallback'];

export interface TextingWindowInput {
  /** E.164. */
  readonly phone: string;
  readonly zip?: string | null;
  readonly state?: string | null;
  readonly at: Date;
  readonly policy?: TextingPolicy;
  /** The campaign's `windowOverride`; only narrows. */
  readonly override?: TextingWindowOverride;
  /** Already-resolved zones/states (e.g. stored on the contact at import); skips resolveTimezones. */
  readonly resolved?: Pick<ResolvedTimezones, 'zones' | 'areaCodeState' | 'zipState'>;
}

export interface TextingWindowResult {
  readonly allowed: boolean;
  /** Zones checked: the contact's, or NO_ZONE_FALLBACK_ZONES when none resolved. */
  readonly zones: string[];
  /** True when no zone resolved and the continental fallback was used (R2.4c). */
  readonly usedFallback: boolean;
  /** States whose R2.2 rule was applied (R2.4e: ZIP state and area-code state). */
  readonly appliedStates: string[];
  /** When closed: the next instant every zone is open (within 8 days); absent if none found. */
  readonly opensAt?: Date;
  /** When open: the instant the earliest zone closes. */
  readonly closesAt?: Date;
  /** i18n key `rules:window.<reason>`. */
  readonly reason?: WindowRefusal;
}

/** Minutes from local midnight. */
interface MinuteWindow {
  readonly start: number;
  readonly end: number;
}

const SEARCH_DAYS = 8;

function toMinutes(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!(minutes >= 0 && minutes <= 24 * 60) || Number(m?.[2]) > 59) throw new RangeError(`bad local time '${hhmm}'`);
  return minutes;
}

function intersectMinutes(a: MinuteWindow | null, start: number, end: number): MinuteWindow | null {
  if (a === null) return null;
  const from = Math.max(a.start, start);
  const to = Math.min(a.end, end);
  return from < to ? { start: from, end: to } : null;
}

function intersect(a: MinuteWindow | null, b: LocalWindow): MinuteWindow | null {
  return intersectMinutes(a, toMinutes(b.start), toMinutes(b.end));
}


function isHoliday(rule: StateQuietHoursRule, local: DateTime): boolean {
  const full = local.toFormat('yyyy-MM-dd');
  const yearly = local.toFormat('MM-dd');
  return (rule.holidays ?? []).some((h) => h === full || h === yearly);
}

interface WindowContext {
  readonly policy: TextingPolicy;
  readonly override?: TextingWindowOverride;
  readonly rules: readonly StateQuietHoursRule[];
}

/** The open window on a local calendar day, after R2.3 policy, R2.1 floor, override and R2.2 rules. */
function dayWindow(ctx: WindowContext, local: DateTime): MinuteWindow | null {
  const weekday = local.weekday as Weekday;
  const base = ctx.policy.weekly[weekday];
  if (!base) return null;
  let window = intersect(intersect({ start: 0, end: 24 * 60 }, base), FEDERAL_WINDOW);
  if (ctx.override?.days && !ctx.override.days.includes(weekday)) return null;
  if (ctx.override?.window) window = intersect(window, ctx.override.window);
  for (const rule of ctx.rules) {
    if (!rule.days.includes(weekday) || isHoliday(rule, local)) return null;
    window = intersect(window, rule.dayWindows?.[weekday] ?? rule.window);
  }
  return window;
}

/** The instant a local wall-clock minute of `day` happens in its zone. */
function instantAt(day: DateTime, minutes: number): DateTime {
  const midnight = day.startOf('day');
  if (minutes >= 24 * 60) return midnight.plus({ days: 1 });
  return midnight.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
}

function isOpen(ctx: WindowContext, zone: string, instant: DateTime): boolean {
  const local = instant.setZone(zone);
  const window = dayWindow(ctx, local);
  const minute = local.hour * 60 + local.minute;
  return window !== null && minute >= window.start && minute < window.end;
}

function nextOpening(ctx: WindowContext, zones: readonly string[], at: DateTime): DateTime | undefined {
  const candidates: DateTime[] = [];
  for (const zone of zones) {
    const today = at.setZone(zone).startOf('day');
    for (let d = 0; d <= SEARCH_DAYS; d += 1) {
      const day = today.plus({ days: d });
      const window = dayWindow(ctx, day);
      if (window) candidates.push(instantAt(day, window.start));
    }
  }
  return candidates
    .filter((c) => c > at)
    .sort((a, b) => a.toMillis() - b.toMillis())
    .find((c) => zones.every((zone) => isOpen(ctx, zone, c)));
}

function applicableRules(policy: TextingPolicy, states: readonly string[]): StateQuietHoursRule[] {
  // R2.2: commercial-only rules are skipped for political texts; R2.4(e): both states apply.
  return policy.stateRules.filter((r) => states.includes(r.state) && (!policy.political || r.appliesToPolitical));
}

// IANAZone.isValidZone builds a new Intl.DateTimeFormat on every call: ICU memory outside the
// JS heap (about 17 KB each, freed late) and CPU on every Send press. Zone names are few, so
// the answers are kept (bounded, in case of arbitrary input).
const zoneValidity = new Map<string, boolean>();
function isKnownZone(zone: string): boolean {
  let ok = zoneValidity.get(zone);
  if (ok === undefined) {
    ok = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1000) zoneValidity.set(zone, ok);
  }
  return ok;
}

/**
 * R2.x: may this contact be texted at `at`? Allowed only when every candidate zone is inside its
 * window (R2.4c). With no zone, the continental zones are the candidates (Spoke-like fallback).
 * Invalid zone names are ignored (an all-invalid list falls back). The override only narrows.
 */
export function textingWindow(input: TextingWindowInput): TextingWindowResult {
  const policy = input.policy ?? DEFAULT_TEXTING_POLICY;
  const resolved = input.resolved ?? resolveTimezones({ phone: input.phone, zip: input.zip, state: input.state });
  const own = [...new Set(resolved.zones)].filter(isKnownZone);
  const usedFallback = own.length === 0;
  const zones = usedFallback ? [...NO_ZONE_FALLBACK_ZONES] : own;
  const states = [...new Set([resolved.zipState, resolved.areaCodeState].filter((s): s is string => !!s))];
  const rules = applicableRules(policy, states);
  const ctx: WindowContext = { policy, rules, ...(input.override ? { override: input.override } : {}) };
  const at = DateTime.fromJSDate(input.at, { zone: 'utc' });
  const appliedStates = [...new Set(rules.map((r) => r.state))];

  if (zones.every((zone) => isOpen(ctx, zone, at))) {
    const closes = zones.map((zone) => {
      const local = at.setZone(zone);
      const window = dayWindow(ctx, local);
      return instantAt(local, window?.end ?? 0);
    });
    const closesAt = closes.reduce((a, b) => (b < a ? b : a));
    return { allowed: true, zones, usedFallback, appliedStates, closesAt: closesAt.toJSDate() };
  }

  const opens = nextOpening(ctx, zones, at);
  const closedToday = zones.some((zone) => dayWindow(ctx, at.setZone(zone)) === null);
  const reason: WindowRefusal = usedFallback ? 'no_zone_outside_fallback' : closedToday ? 'closed_today' : 'outside_hours';
  return { allowed: false, zones, usedFallback, appliedStates, reason, ...(opens ? { opensAt: opens.toJSDate() } : {}) };
}

/** Twilio's ValidityPeriod range (R2.5). */
export const MAX_VALIDITY_SECONDS = 36_000;

/**
 * R2.5: ValidityPeriod = min(36000, secondsToWindowEnd - 30), at least 1, so a message queued at
 * Twilio expires (30036) instead of arriving after quiet hours start. Returns 0 when the window
 * is closed (or has no known end): the caller must not send.
 */
export function validityPeriodSeconds(result: TextingWindowResult, at: Date): number {
  if (!result.allowed || !result.closesAt) return 0;
  const toEnd = Math.floor((result.closesAt.getTime() - at.getTime()) / 1000) - 30;
  return Math.max(1, Math.min(MAX_VALIDITY_SECONDS, toEnd));
}
