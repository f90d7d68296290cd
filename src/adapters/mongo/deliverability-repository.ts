/**
 * Rolling windows of carrier outcomes in MongoDB: `record` is one upserted findOneAndUpdate
 * ($push with $each/$slice keeps the newest `max`), so concurrent records from several workers
 * lose nothing and the window never grows past `max`; `fire` is a conditional update on the flag.
 */
import { countOutcomes, type DeliverabilityRepository, type DeliverabilityWindow } from '../../core/deliverability/store-port.js';
import type { MongoContext } from './support.js';
import { isDuplicateKeyError } from './support.js';

type Lean = { outcomes?: string[] | null; warned?: boolean | null; paused?: boolean | null } | null;

const view = (d: Lean): DeliverabilityWindow => ({ ...countOutcomes(d?.outcomes ?? []), warned: d?.warned === true, paused: d?.paused === true });

export function createMongoDeliverability({ models: { DeliverabilityWindow: Windows } }: MongoContext): DeliverabilityRepository {
  /** Two first writes can race on the upsert; the loser retries as a plain update. */
  async function upserting<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return write();
    }
  }
  return {
    async record(orgId, key, outcome, max) {
      const d = await upserting(() =>
        Windows.findOneAndUpdate(
          { orgId, key },
          { $push: { outcomes: { $each: [outcome], $slice: -Math.max(1, max) } }, $setOnInsert: { orgId, key, warned: false, paused: false } },
          { upsert: true, returnDocument: 'after', lean: true },
        ),
      );
      return view(d as Lean);
    },
    async get(orgId, key) {
      return view((await Windows.findOne({ orgId, key }).lean()) as Lean);
    },
    async fire(orgId, key, flag) {
      try {
        // No match (the flag is set) turns into an insert that the unique (org, key) index refuses.
        const r = await Windows.updateOne({ orgId, key, [flag]: { $ne: true } }, { $set: { [flag]: true }, $setOnInsert: { orgId, key } }, { upsert: true });
        return r.modifiedCount + r.upsertedCount === 1;
      } catch (err) {
        if (isDuplicateKeyError(err)) return false;
        throw err;
      }
    },
    async rearm(orgId, key, flag) {
      await Windows.updateOne({ orgId, key, [flag]: true }, { $set: { [flag]: false } });
    },
    async reset(orgId, key) {
      await Windows.deleteOne({ orgId, key });
    },
  };
}
