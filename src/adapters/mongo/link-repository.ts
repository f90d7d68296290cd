/** Tracked links in MongoDB: upserted per (org, contact, destination), clicks in conditional single-document writes. */
import type { Types } from 'mongoose';
import { TrackedLink, type LinkRepository } from '../../core/links/tracked-link.js';
import { newLinkCode } from '../../core/links/link-code.js';
import { AppError } from '../../core/errors.js';
import type { TrackedLinkDoc } from './schemas/link.js';
import { isDuplicateKeyError, opt } from './support.js';
import type { MongoContext } from './support.js';

/** A code collision (or two first ensures racing) is retried; 62^10 codes make a second collision unheard of. */
const ENSURE_ATTEMPTS = 5;

function toDomain(d: TrackedLinkDoc & { _id: Types.ObjectId }): TrackedLink {
  return TrackedLink.parse({
    id: d._id.toHexString(),
    orgId: d.orgId,
    campaignId: d.campaignId,
    contactId: d.contactId,
    url: d.url,
    code: d.code,
    createdAt: d.createdAt,
    firstClickedAt: opt(d.firstClickedAt),
    clicks: d.clicks ?? 0,
  });
}

export function createMongoLinks({ models: { TrackedLink: Links }, clock }: MongoContext, newCode: () => string = newLinkCode): LinkRepository {
  return {
    async ensure(orgId, input) {
      const filter = { orgId, contactId: input.contactId, url: input.url };
      for (let attempt = 0; attempt < ENSURE_ATTEMPTS; attempt += 1) {
        try {
          const doc = await Links.findOneAndUpdate(
            filter,
            { $setOnInsert: { ...filter, campaignId: input.campaignId, code: newCode(), createdAt: clock.now(), clicks: 0 } },
            { upsert: true, returnDocument: 'after' },
          ).lean();
          if (doc) return toDomain(doc);
        } catch (err) {
          // Two first ensures of one link raced on the upsert (the loser reads the winner's), or the code was taken.
          if (!isDuplicateKeyError(err)) throw err;
        }
      }
      throw new AppError('LINK_CODE', 'could not store a tracked link');
    },
    async resolve(code) {
      const doc = await Links.findOne({ code }).lean();
      return doc ? toDomain(doc) : null;
    },
    async recordClick(code, at) {
      const first = await Links.findOneAndUpdate({ code, firstClickedAt: { $exists: false } }, { $set: { firstClickedAt: at }, $inc: { clicks: 1 } }, { returnDocument: 'after' }).lean();
      if (first) return { first: true, link: toDomain(first) };
      const again = await Links.findOneAndUpdate({ code }, { $inc: { clicks: 1 } }, { returnDocument: 'after' }).lean();
      return again ? { first: false, link: toDomain(again) } : null;
    },
  };
}
