/** Small helpers shared by the in-memory repositories. */
import type { Clock } from '../../core/ports.js';
import { AppError } from '../../core/errors.js';
import type { IdMinter } from './ids.js';

/** What every in-memory repository needs from its store. */
export interface MemoryContext {
  clock: Clock;
  newId: IdMinter;
}

/**
 * Deep copy, so callers can never mutate stored state (nor the store theirs). The stored records
 * are plain data (objects, arrays, dates, strings, numbers, booleans), which this copies by hand
 * several times faster than structuredClone (whose serialization dominated every read of a
 * contact under load); anything else (a Map, a class instance, a typed array) still goes through
 * structuredClone, so the result is always a structured clone of the value.
 */
export const copy = <T>(value: T): T => copyValue(value) as T;

function copyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) out[i] = copyValue(value[i]);
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    // '__proto__' as an own key would set the copy's prototype: define it as data, as structuredClone does.
    const v = copyValue((value as Record<string, unknown>)[k]);
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

/**
 * A deep copy that nobody can change: for records read far more often than written (a campaign
 * is read on every claim and every Send press), the store keeps one frozen copy and hands it out
 * instead of copying on every read; a write replaces it. A caller that tries to change what it
 * read gets a TypeError (ESM code is strict), as it would have changed only its own copy before.
 * A Date cannot be frozen (its setters still work), so readers share the stored Dates: nothing in
 * Textbank changes a Date in place, and a test keeps it so.
 */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(copyValue(value)) as T;
}

function deepFreeze(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

/** Composite map key; NUL never occurs in ids, phones or slugs. */
export const key = (...parts: string[]): string => parts.join('\u0000');

/** The patch without keys whose value is undefined (a missing key means "leave as is"). */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(patch) as [keyof T, T[keyof T]][]) if (v !== undefined) out[k] = v;
  return out;
}

/** Ascending by a date, then by id (ids sort in creation order). */
export function byDateThenId<T extends { id: string }>(date: (x: T) => Date): (a: T, b: T) => number {
  return (a, b) => date(a).getTime() - date(b).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Field names go into Mongo update paths (`surveyAnswers.<id>`), so both stores refuse the
 * characters Mongo cannot take there.
 */
export function assertFieldKey(name: string, what: string): void {
  if (name.length === 0 || name.includes('.') || name.startsWith('$')) {
    throw new AppError('INVALID_KEY', `${what} may not be empty, contain "." or start with "$"`);
  }
}

/** Adds `id` (an id, or a record itself) to a set-valued map entry. */
export function addTo<V>(index: Map<string, Set<V>>, k: string, id: V): void {
  let set = index.get(k);
  if (!set) index.set(k, (set = new Set()));
  set.add(id);
}

export function removeFrom<V>(index: Map<string, Set<V>>, k: string, id: V): void {
  const set = index.get(k);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(k);
}
