/** Small helpers shared by the Mongo repositories. */
import { Types, mongo } from 'mongoose';
import { AppError } from '../../core/errors.js';
import type { Clock } from '../../core/ports.js';
import type { Models } from './models.js';

/** What every Mongo repository needs from its store. */
export interface MongoContext {
  models: Models;
  clock: Clock;
}

/** Our ids are ObjectId hex strings; anything else can name no record (null, never a CastError). */
export function toObjectId(id: string): Types.ObjectId | null {
  return /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null;
}

/** Duplicate key (E11000) from any write: a server error, or a bulk error made only of them. */
export function isDuplicateKeyError(err: unknown): boolean {
  return err instanceof mongo.MongoServerError && err.code === 11000;
}

/**
 * The indexes of the inputs an unordered insertMany refused as duplicates. Rethrows when
 * the error is not a bulk write error, or when any refusal was not a duplicate key.
 */
export function duplicateIndexes(err: unknown): number[] {
  // MongoBulkWriteError in driver 7; its writeErrors is one WriteError or an array of them.
  if (!(err instanceof mongo.MongoServerError)) throw err;
  const raw: unknown = (err as { writeErrors?: unknown }).writeErrors;
  const list: unknown[] = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw err;
  return list.map((w) => {
    const { code, index } = w as { code?: unknown; index?: unknown };
    if (code !== 11000 || typeof index !== 'number') throw err;
    return index;
  });
}

/** The object without keys whose value is undefined (the driver would store them as null). */
export function definedOnly<T extends object>(obj: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(obj) as [keyof T, T[keyof T]][]) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Field names go into update paths (`surveyAnswers.<id>`); refuse what Mongo cannot take
 * there (the in-memory store refuses the same).
 */
export function assertFieldKey(name: string, what: string): void {
  if (name.length === 0 || name.includes('.') || name.startsWith('$')) {
    throw new AppError('INVALID_KEY', `${what} may not be empty, contain "." or start with "$"`);
  }
}

/** A plain string record from a Mixed path. */
export function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** A Mongo value that may be null (never written by us, but tolerated on read) as an optional. */
export const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
