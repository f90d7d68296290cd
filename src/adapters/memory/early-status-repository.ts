/** Status callbacks that arrived before their provider id was stored (R4.6), in memory. */
import type { EarlyStatusRepository } from '../../core/ports.js';
import type { MessageStatus } from '../../core/model/message.js';

type EarlyStatus = { status: MessageStatus; at: Date; errorCode?: string };

export function createMemoryEarlyStatuses(): EarlyStatusRepository {
  const byProvider = new Map<string, EarlyStatus[]>();
  return {
    async put(providerId, status, at, errorCode) {
      let list = byProvider.get(providerId);
      if (!list) byProvider.set(providerId, (list = []));
      list.push(errorCode === undefined ? { status, at: new Date(at) } : { status, at: new Date(at), errorCode });
    },
    async take(providerId) {
      const list = byProvider.get(providerId) ?? [];
      byProvider.delete(providerId);
      // Stable sort: equal times keep arrival order.
      return list.sort((a, b) => a.at.getTime() - b.at.getTime());
    },
  };
}
