import { z } from 'zod';
import { Id, Lang, Platform, Timestamp } from './common.js';

/** Hours policy for the org (R2.3 defaults; counsel may relax state rules via `political`). */
export const OrgTextingPolicy = z.object({
  /** True when texts are political/non-commercial: state rules with appliesToPolitical=false are skipped (R2.2). */
  political: z.boolean().default(true),
  /** Per-day caps etc. live in core/compliance defaults unless set here (R6.3). */
  frequency: z
    .object({ perCampaign: z.number().int().min(1), per24h: z.number().int().min(1), per7d: z.number().int().min(1) })
    .partial()
    .optional(),
});
export type OrgTextingPolicy = z.infer<typeof OrgTextingPolicy>;

/** An org is one Slack workspace, one Discord guild, or the local sandbox. */
export const Org = z.object({
  id: Id,
  platform: Platform,
  externalId: z.string().min(1),
  /** Registered organization name, required in every first message (R3.1). */
  name: z.string().min(1).max(80),
  defaultLocale: Lang.default('en'),
  textingPolicy: OrgTextingPolicy.default({ political: true }),
  /** The one opt-out confirmation text per language (R1.6). Empty means: use the locale default. */
  optOutConfirmation: z.partialRecord(Lang, z.string().max(320)).default({}),
  /** Contact point given in HELP replies (R1.9). */
  helpContact: z.string().max(120).optional(),
  /** Who sees conversation threads: the volunteer only (+organizers) or the whole campaign channel. */
  conversationVisibility: z.enum(['private', 'channel']).default('private'),
  /** Sender identity used to route inbound texts back to this org. */
  sms: z
    .object({ numbers: z.array(z.string()).default([]), messagingServiceSid: z.string().optional() })
    .default({ numbers: [] }),
  createdAt: Timestamp,
});
export type Org = z.infer<typeof Org>;
export type NewOrg = Omit<z.input<typeof Org>, 'id' | 'createdAt'>;

export const Role = z.enum(['owner', 'organizer', 'volunteer']);
export type Role = z.infer<typeof Role>;
const ROLE_RANK: Record<Role, number> = { volunteer: 1, organizer: 2, owner: 3 };
/** True when `role` is at least `needed` (owner > organizer > volunteer). */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

export const Member = z.object({
  id: Id,
  orgId: Id,
  platformUserId: z.string().min(1),
  displayName: z.string().max(120),
  role: Role,
  locale: Lang.optional(),
  createdAt: Timestamp,
});
export type Member = z.infer<typeof Member>;
