/**
 * Runs Mongo repositories without a server: the models sit on a connection that is never
 * opened, and each driver collection method is replaced by a recorder. Mongoose still casts
 * filters and updates, applies its upsert defaults and builds the options, so a test sees the
 * exact command that would reach MongoDB. Answers are canned per collection and method.
 */
import { createConnection } from 'mongoose';
import type { Connection } from 'mongoose';
import { createModels } from '../../../src/adapters/mongo/models.js';
import type { Models } from '../../../src/adapters/mongo/models.js';
import type { MongoContext } from '../../../src/adapters/mongo/support.js';

export interface Call {
  collection: string;
  method: string;
  args: unknown[];
}

/** A stand-in for the driver's FindCursor: hands out `docs`, counts `close()` calls. */
export class FakeCursor {
  closed = 0;
  constructor(private readonly docs: object[]) {}
  async next(): Promise<object | null> {
    return this.docs.shift() ?? null;
  }
  async toArray(): Promise<object[]> {
    return this.docs.splice(0);
  }
  async close(): Promise<void> {
    this.closed += 1;
  }
}

type Answer = (...args: unknown[]) => unknown;

const METHODS = ['find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'updateOne', 'updateMany', 'insertOne', 'insertMany', 'distinct', 'aggregate', 'countDocuments'] as const;
type Method = (typeof METHODS)[number];

/** What a method answers unless a test says otherwise: "nothing matched". */
const DEFAULTS: Record<Method, Answer> = {
  find: () => new FakeCursor([]),
  findOne: async () => null,
  findOneAndUpdate: async () => null,
  findOneAndDelete: async () => null,
  updateOne: async () => ({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null }),
  updateMany: async () => ({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null }),
  insertOne: async () => ({ acknowledged: true }),
  insertMany: async () => ({ acknowledged: true, insertedCount: 0, insertedIds: {} }),
  distinct: async () => [],
  aggregate: () => new FakeCursor([]),
  countDocuments: async () => 0,
};

export interface Capture {
  ctx: MongoContext;
  models: Models;
  calls: Call[];
  /** Calls to one collection's method, in order. */
  of(collection: string, method: Method): Call[];
  /** Replace what `collection.method` answers. */
  answer(collection: string, method: Method, fn: Answer): void;
  close(): Promise<void>;
}

export function captureModels(now = new Date('2030-03-04T15:00:00.000Z')): Capture {
  const conn: Connection = createConnection(); // never opened
  const models = createModels(conn);
  const calls: Call[] = [];
  const answers = new Map<string, Answer>();
  for (const model of Object.values(models)) {
    const coll = model.collection as unknown as Record<string, unknown> & { name: string };
    // Cursors check this before they ask the collection; nothing is buffered here.
    coll._shouldBufferCommands = () => false;
    for (const method of METHODS) {
      coll[method] = (...args: unknown[]) => {
        calls.push({ collection: coll.name, method, args });
        return (answers.get(`${coll.name}.${method}`) ?? DEFAULTS[method])(...args);
      };
    }
  }
  return {
    ctx: { models, clock: { now: () => new Date(now) } },
    models,
    calls,
    of: (collection, method) => calls.filter((c) => c.collection === collection && c.method === method),
    answer: (collection, method, fn) => void answers.set(`${collection}.${method}`, fn),
    close: () => conn.close(),
  };
}

/**
 * Plain data of a cast update: mongoose leaves subdocuments (EmbeddedDocument, SingleNested)
 * in it, which the driver serializes through their toBSON().
 */
export function plain(value: unknown): unknown {
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const v = value as { toBSON?: () => unknown; toHexString?: () => string };
  if (typeof v.toHexString === 'function' && (value as { _bsontype?: string })._bsontype === 'ObjectId') return v.toHexString();
  if (typeof v.toBSON === 'function') return plain(v.toBSON());
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, plain(x)]));
}

/**
 * The paths an update writes, by operator. MongoDB refuses an update in which two operators
 * touch the same path or one path and its parent ("would create a conflict", code 40).
 */
export function conflictingPaths(update: Record<string, unknown>): string[] {
  const paths: string[] = [];
  for (const [op, body] of Object.entries(update)) {
    if (!op.startsWith('$') || !body || typeof body !== 'object') continue;
    paths.push(...Object.keys(body));
  }
  const clash: string[] = [];
  for (let i = 0; i < paths.length; i += 1) {
    for (let j = i + 1; j < paths.length; j += 1) {
      const a = paths[i] as string;
      const b = paths[j] as string;
      if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) clash.push(`${a} <> ${b}`);
    }
  }
  return clash;
}
