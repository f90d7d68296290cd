/**
 * Two facts Discord payloads leave out, looked up over REST and cached (bounded, per adapter):
 * - the parent channel of a thread (a MESSAGE_CREATE in a thread names only the thread; our
 *   conversation refs are stored as parent channel + thread, DESIGN: findByThread);
 * - the guild behind a press in a DM with the bot (DM interactions carry no guild id): the one
 *   guild of the bot that has a Textbank org and the user as a member.
 */
import type { Clock, Store } from '../../core/ports.js';
import { discordErrorCode, DISCORD_ERROR, type DiscordApi } from './api.js';

/** Thread channel types: announcement thread 10, public 11, private 12. */
const THREAD_TYPES = new Set([10, 11, 12]);

export class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
}

export interface Lookups {
  /** The parent channel id of a thread; null when the channel is not a thread (or unknown). */
  threadParent(channelId: string): Promise<string | null>;
  /** Remember a thread we created (saves a lookup when the volunteer first types in it). */
  rememberThread(threadId: string, parentId: string): void;
  /** The guild (with a Textbank org) where this user is a member; null when none or unsure. */
  guildForUser(userId: string): Promise<string | null>;
}

export interface LookupDeps {
  api: DiscordApi;
  store: Store;
  clock: Clock;
  /** A synchronous peek into the gateway client's channel cache, when connected. */
  peekParent?(channelId: string): string | null | undefined;
  cacheSize?: number;
  guildListTtlMs?: number;
}

export function createLookups(deps: LookupDeps): Lookups {
  const parents = new BoundedCache<string | null>(deps.cacheSize ?? 2000);
  let guilds: { at: number; ids: string[] } | undefined;
  const ttl = deps.guildListTtlMs ?? 60_000;

  async function botGuilds(): Promise<string[]> {
    const now = deps.clock.now().getTime();
    if (!guilds || now - guilds.at > ttl) guilds = { at: now, ids: (await deps.api.myGuilds()).map((g) => g.id) };
    return guilds.ids;
  }

  return {
    async threadParent(channelId) {
      const peeked = deps.peekParent?.(channelId);
      if (peeked !== undefined) return peeked;
      if (parents.has(channelId)) return parents.get(channelId) ?? null;
      try {
        const channel = await deps.api.getChannel(channelId);
        const parent = THREAD_TYPES.has(channel.type) && channel.parent_id ? channel.parent_id : null;
        parents.set(channelId, parent);
        return parent;
      } catch (err) {
        if (discordErrorCode(err) === DISCORD_ERROR.unknownChannel) parents.set(channelId, null);
        return null;
      }
    },
    rememberThread(threadId, parentId) {
      parents.set(threadId, parentId);
    },
    async guildForUser(userId) {
      const withOrg: string[] = [];
      for (const id of await botGuilds()) if (await deps.store.orgs.findByExternal('discord', id)) withOrg.push(id);
      if (withOrg.length <= 1) return withOrg[0] ?? null;
      for (const id of withOrg) {
        try {
          await deps.api.guildMember(id, userId);
          return id;
        } catch (err) {
          if (discordErrorCode(err) !== DISCORD_ERROR.unknownMember) throw err;
        }
      }
      return null;
    },
  };
}
