// `/textbank settings assistant:true|false`: owners decide whether voter texts may reach the
// configured reply assistant; the answer says the state and whether a server assistant exists.
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/commands/framework/invocation.js';
import { actor, command, interactionId, textOf, viewOf, world, WORKSPACE } from './support/world.js';

describe('settings assistant', () => {
  it('Slack free text and Discord typed options set the org flag; the reply says on/off and whether an assistant is configured', async () => {
    const w = await world();
    const owner = actor('U-s-owner', 'Sam Owner', { platform: 'slack', orgExternalId: 'T-slack', isPlatformAdmin: true });
    await w.handle({ ...command(owner, 'setup "Slack Org"'), actor: owner });
    expect((await w.store.orgs.findByExternal('slack', 'T-slack'))!.assistantShareVoterText).toBeUndefined();

    const [on] = await w.handle(command(owner, 'settings assistant:true'));
    expect(textOf(viewOf(on))).toContain('may read voter texts: on');
    expect(textOf(viewOf(on))).toContain('No assistant is configured');
    expect((await w.store.orgs.findByExternal('slack', 'T-slack'))!.assistantShareVoterText).toBe(true);

    w.services.assistantInfo = { remote: true, model: 'gpt-test' };
    const discordOwner = actor('300000000000000001', 'Dee Owner', { platform: 'discord', orgExternalId: '1100000000000000001', isPlatformAdmin: true, locale: 'es-ES' });
    await w.handle(command(discordOwner, 'setup'));
    const typed: Invocation = { kind: 'command', actor: discordOwner, channelId: '1100000000000000099', interactionId: interactionId(), path: ['settings'], options: { assistant: true } };
    const [es] = await w.handle(typed);
    expect(textOf(viewOf(es))).toContain('activado');
    expect(textOf(viewOf(es))).toContain('gpt-test');
    expect((await w.store.orgs.findByExternal('discord', '1100000000000000001'))!.assistantShareVoterText).toBe(true);

    const [off] = await w.handle(command(owner, 'settings assistant:false'));
    expect(textOf(viewOf(off))).toContain('may read voter texts: off');
    expect(textOf(viewOf(off))).toContain('An assistant is configured on this server (gpt-test)');
    expect((await w.store.orgs.findByExternal('slack', 'T-slack'))!.assistantShareVoterText).toBe(false);
    const audits = await w.store.audit.list((await w.store.orgs.findByExternal('slack', 'T-slack'))!.id, {});
    expect(JSON.stringify(audits)).toContain('assistantShareVoterText');
  });

  it('only an owner may change it', async () => {
    const w = await world();
    const owner = actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true });
    await w.handle(command(owner, 'setup'));
    const volunteer = actor('U-vol', 'Val Volunteer');
    await w.handle(command(volunteer, 'help'));
    const [refused] = await w.handle(command(volunteer, 'settings assistant:true'));
    expect(textOf(viewOf(refused))).not.toContain('may read voter texts');
    expect((await w.store.orgs.findByExternal('sandbox', WORKSPACE))!.assistantShareVoterText).toBeUndefined();
  });
});
