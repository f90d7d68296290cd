// A tracked link: one contact's own short link to one destination of its campaign's script
// (DESIGN: Links and media). Stored (org, campaign, contact, destination, code); the redirect
// route reads it by code and records clicks through the Store.
import { z } from 'zod';
import { Id, Timestamp } from '../model/common.js';

export const TrackedLink = z.object({
  id: Id,
  orgId: Id,
  campaignId: Id,
  contactId: Id,
  /** The destination as written in `{link:...}` (http or https; the redirect sends there only). */
  url: z.url({ protocol: /^https?$/ }),
  /** Random base62 (link-code.ts), unique across all orgs: the route has only the code. */
  code: z.string().regex(/^[0-9A-Za-z]{10}$/),
  createdAt: Timestamp,
  firstClickedAt: Timestamp.optional(),
  /** Counted clicks (link previews and scanners are not counted). */
  clicks: z.number().int().min(0),
});
export type TrackedLink = z.infer<typeof TrackedLink>;

export interface EnsureLinkInput {
  campaignId: string;
  contactId: string;
  url: string;
}

export interface LinkClick {
  /** True for exactly one call per link: the one that set firstClickedAt. */
  first: boolean;
  link: TrackedLink;
}

/**
 * Tracked links (both stores, contract-tested). `ensure` is idempotent per (org, contact,
 * destination) and gives each link a fresh unique code; `recordClick` counts a click and sets the
 * first-click time exactly once, each in one single-document conditional write.
 */
export interface LinkRepository {
  ensure(orgId: string, input: EnsureLinkInput): Promise<TrackedLink>;
  /** Routing lookup by code (the route knows no org); null when no link has it. */
  resolve(code: string): Promise<TrackedLink | null>;
  /** null when no link has the code. */
  recordClick(code: string, at: Date): Promise<LinkClick | null>;
}
