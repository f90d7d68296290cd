/** Review items in memory. Each method reads and writes in one synchronous step (atomic decide). */
import type { ReviewRepository } from '../../core/ports.js';
import { ReviewItem } from '../../core/model/review.js';
import { copy, type MemoryContext } from './support.js';

const NewRecord = ReviewItem.omit({ id: true, status: true, post: true, decision: true, decidedBy: true, decidedAt: true });

export function createMemoryReviews(ctx: MemoryContext): ReviewRepository {
  const items = new Map<string, ReviewItem>();
  const byKey = new Map<string, string>();
  const mine = (orgId: string, id: string): ReviewItem | undefined => {
    const item = items.get(id);
    return item && item.orgId === orgId ? item : undefined;
  };
  return {
    async create(orgId, input) {
      const parsed = NewRecord.parse({ ...input, orgId });
      const k = `${orgId}\u0000${parsed.key}`;
      const existing = byKey.get(k);
      if (existing !== undefined) return { created: false, item: copy(items.get(existing) as ReviewItem) };
      const item: ReviewItem = { ...parsed, id: ctx.newId(), status: 'pending' };
      items.set(item.id, item);
      byKey.set(k, item.id);
      return { created: true, item: copy(item) };
    },
    async get(orgId, id) {
      const item = mine(orgId, id);
      return item ? copy(item) : null;
    },
    async setPost(orgId, id, post) {
      const item = mine(orgId, id);
      if (item) item.post = copy(post);
    },
    async decide(orgId, id, decision, by, now) {
      const item = mine(orgId, id);
      if (!item || item.status !== 'pending') return { won: false, item: item ? copy(item) : null };
      item.status = 'decided';
      item.decision = copy(decision);
      item.decidedBy = { id: by.id, name: by.name };
      item.decidedAt = new Date(now.getTime());
      return { won: true, item: copy(item) };
    },
    async listPending(orgId, limit = 100) {
      return [...items.values()]
        .filter((i) => i.orgId === orgId && i.status === 'pending')
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
        .slice(0, Math.max(0, limit))
        .map((i) => copy(i));
    },
  };
}
