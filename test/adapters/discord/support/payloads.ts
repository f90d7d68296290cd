// Raw Discord interaction and message payloads (discord-api-types shapes), built the way Discord
// sends them over the HTTP endpoint and in the gateway's INTERACTION_CREATE / MESSAGE_CREATE.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { FAKE_APP_ID } from '../../../support/fake-discord.js';

export const GUILD = '1100000000000000001';
export const CHANNEL = '1100000000000000002';

export interface TestUser {
  id: string;
  username: string;
  global_name: string;
  /** Manage Guild permission (0x20): may run setup. */
  manager?: boolean;
  locale?: string;
}

export const OWNER: TestUser = { id: '1000000000000000001', username: 'olivia', global_name: 'Olivia Owner', manager: true, locale: 'en-US' };
export const ANA: TestUser = { id: '1000000000000000002', username: 'ana', global_name: 'Ana', locale: 'en-US' };
export const BEN: TestUser = { id: '1000000000000000003', username: 'ben', global_name: 'Ben', locale: 'es-419' };

let counter = 0n;
/** A fresh snowflake minted "now" (its time is the current time). */
export function snowflake(): string {
  counter += 1n;
  return (((BigInt(Date.now()) - 1420070400000n) << 22n) + (counter % 4096n)).toString();
}

function base<E extends Record<string, unknown>>(user: TestUser, type: number, extra: E) {
  return {
    id: snowflake(),
    application_id: FAKE_APP_ID,
    type,
    token: `tok-${snowflake()}`,
    guild_id: GUILD,
    channel_id: CHANNEL,
    member: { user: { id: user.id, username: user.username, global_name: user.global_name }, nick: null, permissions: user.manager ? String(0x20 | 0x400) : String(0x400) },
    locale: user.locale ?? 'en-US',
    guild_locale: 'en-US',
    version: 1,
    // Discord always sends these; discord.js's own interaction structures read them.
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD },
    context: 0,
    ...extra,
  };
}

export type OptionInput = string | number | boolean | { attachment: { filename: string; url: string; size?: number } } | { user: string };

/** `/textbank <path...>` with typed options (attachment options resolved like Discord does). */
export function commandPayload(user: TestUser, path: string[], options: Record<string, OptionInput> = {}, extra: Record<string, unknown> = {}) {
  const attachments: Record<string, unknown> = {};
  const leaves = Object.entries(options).map(([name, v]) => {
    if (typeof v === 'object' && 'attachment' in v) {
      const id = snowflake();
      attachments[id] = { id, filename: v.attachment.filename, url: v.attachment.url, size: v.attachment.size ?? 0, content_type: 'text/csv' };
      return { name, type: 11, value: id };
    }
    if (typeof v === 'object' && 'user' in v) return { name, type: 6, value: v.user };
    return { name, type: typeof v === 'number' ? 4 : typeof v === 'boolean' ? 5 : 3, value: v };
  });
  let tree: Record<string, unknown>[] = leaves;
  for (let i = path.length - 1; i >= 0; i -= 1) tree = [{ name: path[i], type: i === path.length - 1 ? 1 : 2, options: tree }];
  return base(user, 2, {
    data: { id: '1200000000000000099', name: 'textbank', type: 1, options: tree, ...(Object.keys(attachments).length ? { resolved: { attachments } } : {}) },
    ...extra,
  });
}

/** A button press (component_type 2) or select choice (3) on a message. */
export function componentPayload(user: TestUser, customId: string, message: { id: string; channel_id: string; flags?: number }, values?: string[]) {
  return base(user, 3, {
    channel_id: message.channel_id,
    message: { id: message.id, channel_id: message.channel_id, flags: message.flags ?? 0, content: '', components: [] },
    data: { custom_id: customId, component_type: values ? 3 : 2, ...(values ? { values } : {}) },
  });
}

/** A modal submit with Label components (type 18) around text inputs / selects. */
export function modalPayload(user: TestUser, customId: string, fields: Record<string, string | { select: string }>) {
  return base(user, 5, {
    data: {
      custom_id: customId,
      components: Object.entries(fields).map(([id, v], i) => ({
        type: 18,
        id: i + 1,
        component: typeof v === 'string' ? { type: 4, id: 100 + i, custom_id: id, value: v } : { type: 3, id: 100 + i, custom_id: id, values: [v.select] },
      })),
    },
  });
}

/** MESSAGE_CREATE of a member typing in a channel or thread. */
export function messagePayload(user: TestUser, channelId: string, content: string, extra: Record<string, unknown> = {}) {
  return {
    id: snowflake(),
    channel_id: channelId,
    guild_id: GUILD,
    author: { id: user.id, username: user.username, global_name: user.global_name },
    member: { nick: null },
    content,
    type: 0,
    timestamp: new Date().toISOString(),
    ...extra,
  };
}

export interface SigningKey {
  publicKeyHex: string;
  privateKey: KeyObject;
}

/** A fresh Ed25519 key pair, as a Discord application has (public key as 64 hex). */
export function signingKey(): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
  return { publicKeyHex: Buffer.from(jwk.x, 'base64url').toString('hex'), privateKey };
}

export function signBody(key: KeyObject, timestamp: string, body: string): string {
  return sign(null, Buffer.from(timestamp + body, 'utf8'), key).toString('hex');
}

interface Component {
  type: number;
  custom_id?: string;
  label?: string;
  disabled?: boolean;
  options?: { label: string; value: string }[];
}

/** The buttons and selects of a message body, flattened. */
export function componentsOf(body: unknown): Component[] {
  const rows = ((body as { components?: { components?: Component[] }[] } | null)?.components ?? []) as { components?: Component[] }[];
  return rows.flatMap((r) => r.components ?? []);
}

/** The custom_id of the button whose custom_id starts with `tb:<actionId>:` (or labelled so). */
export function buttonId(body: unknown, actionId: string): string {
  const found = componentsOf(body).find((c) => c.type === 2 && /^tb\d*:/.test(c.custom_id ?? '') && c.custom_id?.split(':')[1] === actionId);
  if (!found?.custom_id) throw new Error(`no ${actionId} button in ${JSON.stringify(body).slice(0, 400)}`);
  return found.custom_id;
}

/** Text of a message body: its content or its embed description. */
export function textOfBody(body: unknown): string {
  const b = body as { content?: string; embeds?: { description?: string }[] } | null;
  return [b?.content ?? '', ...(b?.embeds ?? []).map((e) => e.description ?? '')].join('\n');
}
