/** Tracked links in memory: unique code, unique (org, contact, destination); each call is one synchronous step. */
import type { EnsureLinkInput, LinkRepository, TrackedLink } from '../../core/links/tracked-link.js';
import { newLinkCode } from '../../core/links/link-code.js';
import { copy, key } from './support.js';
import type { MemoryContext } from './support.js';

export function createMemoryLinks(ctx: MemoryContext, newCode: () => string = newLinkCode): LinkRepository {
  const byCode = new Map<string, TrackedLink>();
  const byContactUrl = new Map<string, TrackedLink>();
  return {
    async ensure(orgId, input: EnsureLinkInput) {
      const k = key(orgId, input.contactId, input.url);
      const existing = byContactUrl.get(k);
      if (existing) return copy(existing);
      let code = newCode();
      while (byCode.has(code)) code = newCode();
      const link: TrackedLink = { id: ctx.newId(), orgId, campaignId: input.campaignId, contactId: input.contactId, url: input.url, code, createdAt: ctx.clock.now(), clicks: 0 };
      byCode.set(code, link);
      byContactUrl.set(k, link);
      return copy(link);
    },
    async resolve(code) {
      const link = byCode.get(code);
      return link ? copy(link) : null;
    },
    async recordClick(code, at) {
      const link = byCode.get(code);
      if (!link) return null;
      const first = link.firstClickedAt === undefined;
      if (first) link.firstClickedAt = new Date(at);
      link.clicks += 1;
      return { first, link: copy(link) };
    },
  };
}
