// Texts sent and voter replies per hour (UTC), kept on write as a tally so the stats chart never
// scans messages. One tally document per campaign: keys `sent:2026-12-03T14`, `replies:...`.
import { bumpTally, type EngineDeps } from '../campaigns/engine-deps.js';

export type HourlyKind = 'sent' | 'replies';

export interface HourlyPoint {
  /** The hour's start, UTC, as `YYYY-MM-DDTHH`. */
  hour: string;
  sent: number;
  replies: number;
}

const HOUR_MS = 3_600_000;
/** A series longer than this (a campaign running for months) keeps its most recent hours. */
export const MAX_HOURS = 24 * 62;

export const hourlyScope = (campaignId: string): string => `campaign:${campaignId}:hourly`;

export const hourOf = (at: Date): string => at.toISOString().slice(0, 13);

export function hourlyKey(kind: HourlyKind, at: Date): string {
  return `${kind}:${hourOf(at)}`;
}

/** Counts one first text or one voter reply in its hour; never fails the caller (see bumpTally). */
export async function bumpHourly(deps: EngineDeps, orgId: string, campaignId: string, kind: HourlyKind, at: Date): Promise<void> {
  await bumpTally(deps, orgId, hourlyScope(campaignId), { [hourlyKey(kind, at)]: 1 });
}

/** The tally as a gap-free series from the first counted hour to the last (empty hours are zeros). */
export function hourlySeries(tally: Readonly<Record<string, number>>): HourlyPoint[] {
  const byHour = new Map<number, HourlyPoint>();
  for (const [key, n] of Object.entries(tally)) {
    const m = /^(sent|replies):(\d{4}-\d{2}-\d{2}T\d{2})$/.exec(key);
    if (!m) continue;
    const ms = Date.parse(`${m[2]}:00:00Z`);
    if (Number.isNaN(ms)) continue;
    const p = byHour.get(ms) ?? { hour: m[2] as string, sent: 0, replies: 0 };
    p[m[1] as HourlyKind] += n;
    byHour.set(ms, p);
  }
  if (byHour.size === 0) return [];
  const hours = [...byHour.keys()].sort((a, b) => a - b);
  const last = hours[hours.length - 1] as number;
  const first = Math.max(hours[0] as number, last - (MAX_HOURS - 1) * HOUR_MS);
  const out: HourlyPoint[] = [];
  for (let ms = first; ms <= last; ms += HOUR_MS) {
    out.push(byHour.get(ms) ?? { hour: new Date(ms).toISOString().slice(0, 13), sent: 0, replies: 0 });
  }
  return out;
}
