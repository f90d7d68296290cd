/** Status callbacks that beat their provider id (R4.6), in MongoDB. */
import type { EarlyStatusRepository } from '../../core/ports.js';
import type { MessageStatus } from '../../core/model/message.js';
import type { MongoContext } from './support.js';

export function createMongoEarlyStatuses({ models: { EarlyStatus: EarlyStatuses }, clock }: MongoContext): EarlyStatusRepository {
  return {
    async put(providerId, status, at, errorCode) {
      await EarlyStatuses.create({ providerId, status, at, ...(errorCode !== undefined ? { errorCode } : {}), createdAt: clock.now() });
    },
    async take(providerId) {
      // One findOneAndDelete per entry: each early status goes to exactly one taker.
      const out: { status: MessageStatus; at: Date; errorCode?: string }[] = [];
      for (;;) {
        const d = await EarlyStatuses.findOneAndDelete({ providerId }, { sort: { at: 1, _id: 1 } }).lean();
        if (!d) return out;
        out.push(d.errorCode == null ? { status: d.status, at: d.at } : { status: d.status, at: d.at, errorCode: d.errorCode });
      }
    },
  };
}
