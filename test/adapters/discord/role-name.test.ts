// `/textbank role grant member:@Ana` on Discord answers with the member's name, never the raw
// snowflake: the user option's resolved member (nickname, else global name, else username)
// travels with the id as `<@id|name>`, the same shape Slack's escaped mentions have.
import { afterEach, describe, expect, it } from 'vitest';
import { parseInteraction } from '../../../src/adapters/discord/index.js';
import { startDiscordApp, type DiscordApp } from './support/discord-app.js';
import { ANA, OWNER, commandPayload, textOfBody } from './support/payloads.js';

const opts = { commandName: 'textbank', signatureVerified: true };

/** The role grant payload with the user option resolved the way Discord sends it. */
function grant(member: { id: string; username: string; global_name?: string | null }, nick?: string) {
  const payload = commandPayload(OWNER, ['role', 'grant'], { member: { user: member.id } }) as { data: Record<string, unknown> };
  payload.data.resolved = {
    users: { [member.id]: { id: member.id, username: member.username, global_name: member.global_name ?? null } },
    members: { [member.id]: { nick: nick ?? null, roles: [], joined_at: '2026-01-01T00:00:00.000Z', permissions: '0' } },
  };
  return payload;
}

describe('the user option carries the resolved member name', () => {
  it('nickname first, then global name, then username; never markup characters', () => {
    const optionOf = (p: unknown) => {
      const parsed = parseInteraction(p, opts);
      return parsed.kind === 'invocation' && parsed.invocation.kind === 'command' ? parsed.invocation.options?.member : undefined;
    };
    expect(optionOf(grant({ id: ANA.id, username: 'ana', global_name: 'Ana' }, 'Ana <B>|x'))).toBe(`<@${ANA.id}|Ana Bx>`);
    expect(optionOf(grant({ id: ANA.id, username: 'ana', global_name: 'Ana G' }))).toBe(`<@${ANA.id}|Ana G>`);
    expect(optionOf(grant({ id: ANA.id, username: 'ana' }))).toBe(`<@${ANA.id}|ana>`);
    expect(optionOf(commandPayload(OWNER, ['role', 'grant'], { member: { user: ANA.id } }))).toBe(ANA.id);
  });
});

describe('role grant names the member (Discord)', () => {
  let app: DiscordApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('a member Textbank never saw is named from the interaction, not by snowflake', async () => {
    app = await startDiscordApp();
    const setup = await app.interact(commandPayload(OWNER, ['setup'], { name: 'Texas Forward' }));
    expect(setup.status).toBe(200);
    const answer = await app.interact(grant({ id: ANA.id, username: 'ana', global_name: 'Ana' }, 'Ana the Organizer'));
    const text = textOfBody(answer.body.data);
    expect(text).toContain('Ana the Organizer now has the organizer role.');
    expect(text).not.toContain(ANA.id);
  });
});
