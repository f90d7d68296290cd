// Raw interaction JSON (discord-api-types shapes) -> neutral Invocations: typed paths and options,
// attachments, buttons, selects, modal submits, locales, admin bits, the interaction id (R5.2b).
import { describe, expect, it } from 'vitest';
import { actionCustomId, modalCustomId, parseInteraction } from '../../../src/adapters/discord/index.js';
import { snowflakeTime } from '../../../src/adapters/discord/payloads.js';
import { ANA, BEN, CHANNEL, GUILD, OWNER, commandPayload, componentPayload, modalPayload } from './support/payloads.js';

const opts = { commandName: 'textbank', signatureVerified: true };

describe('parseInteraction', () => {
  it('turns a sub-command group with typed options into path + options', () => {
    const raw = commandPayload(BEN, ['campaign', 'create'], { slug: 'gotv', name: 'Get out the vote' });
    const parsed = parseInteraction(raw, opts);
    expect(parsed.kind).toBe('invocation');
    if (parsed.kind !== 'invocation') return;
    expect(parsed.invocation).toEqual({
      kind: 'command',
      actor: { platform: 'discord', orgExternalId: GUILD, userId: BEN.id, displayName: 'Ben', locale: 'es-419', orgLocale: 'en-US', isPlatformAdmin: false },
      channelId: CHANNEL,
      interactionId: raw.id,
      path: ['campaign', 'create'],
      options: { slug: 'gotv', name: 'Get out the vote' },
    });
    expect(parsed.ctx).toMatchObject({ id: raw.id, token: raw.token, type: 'command', guildId: GUILD, name: 'campaign create' });
  });

  it('resolves an attachment option to its CDN URL and lists it; integers, booleans and users stay typed', () => {
    const url = 'https://cdn.discordapp.com/attachments/1/2/voters.csv?ex=1';
    const parsed = parseInteraction(commandPayload(OWNER, ['import'], { campaign: 'gotv', file: { attachment: { filename: 'voters.csv', url, size: 812 } } }), opts);
    if (parsed.kind !== 'invocation' || parsed.invocation.kind !== 'command') throw new Error('not a command');
    expect(parsed.invocation.options).toEqual({ campaign: 'gotv', file: url });
    expect(parsed.invocation.attachments).toEqual([{ name: 'voters.csv', url, size: 812 }]);
    const claim = parseInteraction(commandPayload(ANA, ['claim'], { size: 25 }), opts);
    expect(claim.kind === 'invocation' && claim.invocation.kind === 'command' && claim.invocation.options).toEqual({ size: 25 });
    const list = parseInteraction(commandPayload(ANA, ['campaign', 'list'], { all: true }), opts);
    expect(list.kind === 'invocation' && list.invocation.kind === 'command' && list.invocation.options).toEqual({ all: true });
    const grant = parseInteraction(commandPayload(OWNER, ['role', 'grant'], { member: { user: ANA.id } }), opts);
    expect(grant.kind === 'invocation' && grant.invocation.kind === 'command' && grant.invocation.options).toEqual({ member: ANA.id });
  });

  it('says platform admin for Manage Guild (0x20) or Administrator (0x8), not for other bits', () => {
    const admin = (permissions: string) => {
      const p = parseInteraction({ ...commandPayload(OWNER, ['setup']), member: { user: { id: OWNER.id, username: 'o' }, permissions } }, opts);
      return p.kind === 'invocation' ? p.invocation.actor.isPlatformAdmin : undefined;
    };
    expect(admin('32')).toBe(true);
    expect(admin('8')).toBe(true);
    expect(admin(String(0x400 | 0x800))).toBe(false);
    expect(admin((1n << 40n | 0x20n).toString())).toBe(true);
  });

  it('decodes a button press: action id, ids value, the pressed message, press metadata (R5.3)', () => {
    const value = JSON.stringify(['claim1', 'contact1']);
    const raw = componentPayload(ANA, actionCustomId('send', value), { id: '1300000000000000009', channel_id: CHANNEL, flags: 64 });
    const parsed = parseInteraction(raw, opts);
    if (parsed.kind !== 'invocation') throw new Error('unsupported');
    expect(parsed.invocation).toEqual({
      kind: 'action',
      actor: expect.objectContaining({ userId: ANA.id, displayName: 'Ana' }),
      actionId: 'send',
      value,
      channelId: CHANNEL,
      message: { platform: 'discord', channelId: CHANNEL, messageId: '1300000000000000009' },
      interactionId: raw.id,
      platformTs: snowflakeTime(raw.id).toISOString(),
      signatureVerified: true,
    });
    expect(parsed.ctx.message).toEqual({ id: '1300000000000000009', channelId: CHANNEL, ephemeral: true });
  });

  it('takes a select choice as the value', () => {
    const choice = JSON.stringify(['conv1', 'volunteer_lead']);
    const parsed = parseInteraction(componentPayload(ANA, actionCustomId('tag'), { id: '1300000000000000010', channel_id: CHANNEL }, [choice]), opts);
    expect(parsed.kind === 'invocation' && parsed.invocation.kind === 'action' && [parsed.invocation.actionId, parsed.invocation.value]).toEqual(['tag', choice]);
  });

  it('reads a modal submit: private value, text inputs, selects and file uploads', () => {
    const raw = modalPayload(OWNER, modalCustomId('script_edit', JSON.stringify(['c1', 'en'])), { initial: 'Hi {firstName}', visibility: { select: 'channel' } });
    raw.data.components.push({ type: 18, id: 9, component: { type: 19, id: 109, custom_id: 'file', values: ['55'] } } as never);
    (raw.data as Record<string, unknown>).resolved = { attachments: { '55': { id: '55', filename: 'optouts.csv', url: 'https://cdn.discordapp.com/x/optouts.csv', size: 10 } } };
    const parsed = parseInteraction(raw, opts);
    if (parsed.kind !== 'invocation' || parsed.invocation.kind !== 'modal') throw new Error('not a modal');
    expect(parsed.invocation.modalId).toBe('script_edit');
    expect(parsed.invocation.privateValue).toBe('["c1","en"]');
    expect(parsed.invocation.values).toEqual({ initial: 'Hi {firstName}', visibility: 'channel', file: 'https://cdn.discordapp.com/x/optouts.csv' });
    expect(parsed.invocation.attachments).toEqual([{ name: 'optouts.csv', url: 'https://cdn.discordapp.com/x/optouts.csv', size: 10 }]);
  });

  it('a DM press has no guild: the org is found later by the user', () => {
    const raw = componentPayload(ANA, actionCustomId('canned', '["c","t"]'), { id: '1300000000000000011', channel_id: '1400000000000000001' });
    const dm = { ...raw, guild_id: undefined, member: undefined, user: { id: ANA.id, username: 'ana', global_name: 'Ana' } };
    const parsed = parseInteraction(dm, opts);
    expect(parsed.kind).toBe('invocation');
    if (parsed.kind !== 'invocation') return;
    expect(parsed.ctx.guildId).toBeUndefined();
    expect(parsed.invocation.actor).toMatchObject({ orgExternalId: '', userId: ANA.id, isPlatformAdmin: false });
  });

  it('PING, foreign custom ids, other commands and garbage are not invocations', () => {
    expect(parseInteraction({ id: '1', application_id: '2', type: 1, token: 't' }, opts)).toEqual({ kind: 'ping' });
    expect(parseInteraction(componentPayload(ANA, 'someone-else:x', { id: '1300000000000000012', channel_id: CHANNEL }), opts)).toMatchObject({ kind: 'unsupported', ctx: { type: 'component' } });
    const other = commandPayload(ANA, ['help']);
    expect(parseInteraction({ ...other, data: { ...other.data, name: 'other' } }, opts).kind).toBe('unsupported');
    expect(parseInteraction({ type: 2 }, opts)).toEqual({ kind: 'unsupported', reason: 'not an interaction' });
  });
});
