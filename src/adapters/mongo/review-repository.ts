/** Review items in MongoDB. `decide` is one conditional update ({status: 'pending'} -> decided): exactly one press wins. */
import { Types } from 'mongoose';
import type { ReviewRepository } from '../../core/ports.js';
import { ReviewItem } from '../../core/model/review.js';
import { isDuplicateKeyError, toObjectId } from './support.js';
import type { MongoContext } from './support.js';
import type { ReviewDoc } from './schemas/review.js';

const NewRecord = ReviewItem.omit({ id: true, status: true, post: true, decision: true, decidedBy: true, decidedAt: true });

const toDomain = (d: ReviewDoc & { _id: Types.ObjectId }): ReviewItem => {
  const { _id, ...rest } = d;
  const present = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined));
  return ReviewItem.parse({ ...present, id: _id.toHexString() });
};

export function createMongoReviews({ models: { Review } }: MongoContext): ReviewRepository {
  return {
    async create(orgId, input) {
      const parsed = NewRecord.parse({ ...input, orgId });
      const _id = new Types.ObjectId();
      try {
        await Review.create({ _id, ...parsed, status: 'pending' });
        return { created: true, item: { ...parsed, id: _id.toHexString(), status: 'pending' } };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const d = await Review.findOne({ orgId, key: parsed.key }).lean();
        if (!d) throw err;
        return { created: false, item: toDomain(d) };
      }
    },
    async get(orgId, id) {
      const _id = toObjectId(id);
      const d = _id ? await Review.findOne({ _id, orgId }).lean() : null;
      return d ? toDomain(d) : null;
    },
    async setPost(orgId, id, post) {
      const _id = toObjectId(id);
      if (_id) await Review.updateOne({ _id, orgId }, { $set: { post } });
    },
    async decide(orgId, id, decision, by, now) {
      const _id = toObjectId(id);
      if (!_id) return { won: false, item: null };
      const d = await Review.findOneAndUpdate(
        { _id, orgId, status: 'pending' },
        { $set: { status: 'decided', decision, decidedBy: { id: by.id, name: by.name }, decidedAt: now } },
        { returnDocument: 'after', lean: true },
      );
      if (d) return { won: true, item: toDomain(d) };
      const current = await Review.findOne({ _id, orgId }).lean();
      return { won: false, item: current ? toDomain(current) : null };
    },
    async listPending(orgId, limit = 100) {
      const docs = await Review.find({ orgId, status: 'pending' }).sort({ createdAt: 1, _id: 1 }).limit(Math.max(0, limit)).lean();
      return docs.map(toDomain);
    },
  };
}
