/**
 * Who is acting, as Slack says: display name, locale (users.info include_locale) and whether
 * they administer the workspace (is_admin || is_owner, used only by `setup`), cached per member
 * (bounded, TTL); the workspace name from team.info (cached) or the payload's team domain.
 * actor.orgExternalId is always the team id (enterprise installs too). Never trusted for
 * authority: roles come from the store (dispatcher).
 * Ack first, then work: `actorFor` may call Slack; `cachedActor` never does (the handlers fill a
 * cache miss from the store's member record or the payload, and `warm` fetches in the background
 * for the next interaction).
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

/** What the store already knows about a member, used when Slack's answer is not cached yet. */
export interface KnownMember {
  displayName: string;
  locale?: string;
}

export interface SlackIdentity {
  actorFor(input: ActorInput): Promise<Actor>;
  /** The actor from cached Slack answers only; undefined when the member is not cached. */
  cachedActor(input: ActorInput): Actor | undefined;
  /** The actor from what the payload and the store say (no Slack call). */
  payloadActor(input: ActorInput, known?: KnownMember): Actor;
  /** Fetches the member in the background when not cached (errors are logged). */
  warm(userId: string): void;
  /** A member's Slack display name (users.info, cached); undefined when Slack does not say. */
  nameOf(userId: string): Promise<string | undefined>;
  /** A member's Slack locale (ChatGateway.memberLocale). */
  localeOf(userId: string): Promise<string | undefined>;
}

export function createSlackIdentity(deps: { api: SlackApi; clock: Clock; log: SlackLog; userTtlMs?: number; teamTtlMs?: number }): SlackIdentity {
  const users = new TtlCache<string, SlackUser | null>({ max: 5_000, ttlMs: deps.userTtlMs ?? 10 * 60_000, clock: deps.clock });
  const teams = new TtlCache<string, string | null>({ max: 200, ttlMs: deps.teamTtlMs ?? 60 * 60_000, clock: deps.clock });

  const inFlight = new Map<string, Promise<SlackUser | null>>();

  async function fetchUser(userId: string): Promise<SlackUser | null> {
    try {
      const info = await deps.api.userInfo(userId);
      users.set(userId, info);
      return info;
    } catch (err) {
      deps.log.warn({ err: String(err), userId }, 'slack: users.info failed; acting with the payload name');
      return null;
    } finally {
      inFlight.delete(userId);
    }
  }

  function user(userId: string): Promise<SlackUser | null> {
    const cached = users.get(userId);
    if (cached !== undefined) return Promise.resolve(cached);
    let pending = inFlight.get(userId);
    if (!pending) {
      pending = fetchUser(userId);
      inFlight.set(userId, pending);
    }
    return pending;
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

  function actorOf(input: ActorInput, u: SlackUser | null | undefined, team: string | null | undefined, known?: KnownMember): Actor {
    const orgName = team ?? input.teamDomain;
    const locale = u?.locale ?? known?.locale;
    return {
      platform: 'slack',
      orgExternalId: input.teamId,
      ...(orgName ? { orgName } : {}),
      userId: input.userId,
      displayName: (u?.name ?? known?.displayName ?? input.fallbackName ?? input.userId).slice(0, 120),
      ...(locale ? { locale } : {}),
      isPlatformAdmin: u?.isAdmin === true,
    };
  }

  return {
    async actorFor(input) {
      const [u, name] = await Promise.all([user(input.userId), teamName(input.teamId)]);
      return actorOf(input, u, name);
    },
    cachedActor(input) {
      const u = users.get(input.userId);
      return u ? actorOf(input, u, teams.get(input.teamId)) : undefined;
    },
    payloadActor: (input, known) => actorOf(input, undefined, teams.get(input.teamId), known),
    warm(userId) {
      if (users.get(userId) === undefined) void user(userId);
    },
    async nameOf(userId) {
      return (await user(userId))?.name;
    },
    async localeOf(userId) {
      return (await user(userId))?.locale;
    },
  };
}
