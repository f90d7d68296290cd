/**
 * Registers `/textbank` per guild only when it changed (Sapphire's computeDifferences idea): the
 * guild's current commands are fetched (with localizations) and compared with the generated one
 * after both are reduced to the fields we set, defaults dropped (required:false, empty option
 * lists, null localizations...). Only on a difference is the guild's command list PUT (the app's
 * guild commands become exactly [/textbank]).
 */
import type { DiscordApi, RegisteredCommand } from './api.js';
import type { SlashCommandJson } from './command-json.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const OPTION_FIELDS = ['type', 'name', 'description', 'name_localizations', 'description_localizations', 'required', 'choices', 'min_value', 'max_value', 'min_length', 'max_length', 'autocomplete', 'channel_types', 'options'] as const;
const COMMAND_FIELDS = ['type', 'name', 'description', 'name_localizations', 'description_localizations', 'options', 'default_member_permissions', 'nsfw'] as const;

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

function pick(source: Record<string, unknown>, fields: readonly string[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const f of fields) {
    const v = source[f];
    if (isEmpty(v)) continue;
    if (f === 'options') out[f] = (v as Record<string, unknown>[]).map((o) => pick(o, OPTION_FIELDS));
    else if (f === 'choices') out[f] = (v as Record<string, unknown>[]).map((c) => pick(c, ['name', 'value', 'name_localizations']));
    else out[f] = v as Json;
  }
  return out;
}

/** Keys sorted at every level, so field order never counts as a difference. */
function stable(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k] as Json)}`).join(',')}}`;
  return JSON.stringify(v);
}

/** The comparable form of a command (ours or Discord's copy). */
export function canonicalCommand(command: SlashCommandJson | RegisteredCommand): string {
  return stable(pick({ type: 1, ...(command as unknown as Record<string, unknown>) }, COMMAND_FIELDS));
}

/** True when the guild's commands are not exactly our command. */
export function commandsDiffer(local: SlashCommandJson, remote: readonly RegisteredCommand[]): boolean {
  return remote.length !== 1 || canonicalCommand(remote[0] as RegisteredCommand) !== canonicalCommand(local);
}

export type RegisterResult = { guildId: string; result: 'updated' | 'unchanged' } | { guildId: string; result: 'failed'; error: string };

export async function registerInGuilds(api: DiscordApi, guildIds: readonly string[], command: SlashCommandJson): Promise<RegisterResult[]> {
  const results: RegisterResult[] = [];
  for (const guildId of guildIds) {
    try {
      const current = await api.guildCommands(guildId);
      if (!commandsDiffer(command, current)) {
        results.push({ guildId, result: 'unchanged' });
        continue;
      }
      await api.putGuildCommands(guildId, [command]);
      results.push({ guildId, result: 'updated' });
    } catch (err) {
      results.push({ guildId, result: 'failed', error: err instanceof Error ? err.message : String(err) });
    }
  }
  return results;
}
