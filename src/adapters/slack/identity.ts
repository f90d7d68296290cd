/**
 * Who is acting, as Slack says: display name, locale (users.info include_locale) and whether
 * they administer the workspace (is_admin || is_owner, used only by `setup`), cached per member
 * (bounded, TTL); the workspace name from team.info (cached) or the payload's team domain.
 * actor.orgExternalId is always the team id (enterprise installs too). Never trusted for
 * authority: roles come from the store (dispatcher).
 */
import type { Actor } from '../../commands/framework/invocation.js';
import type { Clock } from '../../core/ports.js';
import type { SlackApi, SlackUser } from './api.js';
import type { SlackLog } from './log.js';
import { TtlCache } from './ttl-cache.js';

export interface ActorInput {
  teamId: string;
  userId: string;
  /** The name the payload carries (user_name / username), used if users.info fails. */
  fallbackName?: string;
  teamDomain?: string;
}

export interface SlackIdentity {
  actorFor(input: ActorInput): Promise<Actor>;
  /** A member's Slack locale (ChatGateway.memberLocale). */
  localeOf(userId: string): Promise<string | undefined>;
}

export function createSlackIdentity(deps: { api: SlackApi; clock: Clock; log: SlackLog; userTtlMs?: number; teamTtlMs?: number }): SlackIdentity {
  const users = new TtlCache<string, SlackUser | null>({ max: 5_000, ttlMs: deps.userTtlMs ?? 10 * 60_000, clock: deps.clock });
  const teams = new TtlCache<string, string | null>({ max: 200, ttlMs: deps.teamTtlMs ?? 60 * 60_000, clock: deps.clock });

  async function user(userId: string): Promise<SlackUser | null> {
    const cached = users.get(userId);
    if (cached !== undefined) return cached;
    try {
      const info = await deps.api.userInfo(userId);
      users.set(userId, info);
      return info;
    } catch (err) {
      deps.log.warn({ err: String(err), userId }, 'slack: users.info failed; acting with the payload name');
      return null;
    }
  }

  async function teamName(teamId: string): Promise<string | null> {
    const cached = teams.get(teamId);
    if (cached !== undefined) return cached;
    try {
      const info = await deps.api.teamInfo(teamId);
      teams.set(teamId, info?.name ?? null);
      return info?.name ?? null;
    } catch (err) {
      deps.log.warn({ err: String(err), teamId }, 'slack: team.info failed');
      return null;
    }
  }

  return {
    async actorFor(input) {
      const [u, name] = await Promise.all([user(input.userId), teamName(input.teamId)]);
      const orgName = name ?? input.teamDomain;
      return {
        platform: 'slack',
        orgExternalId: input.teamId,
        ...(orgName ? { orgName } : {}),
        userId: input.userId,
        displayName: (u?.name ?? input.fallbackName ?? input.userId).slice(0, 120),
        ...(u?.locale ? { locale: u.locale } : {}),
        isPlatformAdmin: u?.isAdmin === true,
      };
    },
    async localeOf(userId) {
      return (await user(userId))?.locale;
    },
  };
}
