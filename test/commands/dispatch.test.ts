// Issue 7: options through the dispatcher, localized refusals with usage, permissions (one check
// for every command and interaction; button values carry ids, never authority), setup and roles.
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/commands/actions.js';
import { parseMention } from '../../src/commands/role.js';
import type { Invocation } from '../../src/commands/framework/invocation.js';
import { actor, button, command, press, textOf, viewOf, world } from './support/world.js';
import { ana, ben, owner, runningCampaign } from './support/scenario.js';

describe('options parsing through the dispatcher', () => {
  it('`/textbank claim gotv 2` (Slack text) and typed options (Discord) give the same result', async () => {
    const run = async (inv: (a: typeof ana) => Invocation) => {
      const w = await world();
      await runningCampaign(w);
      return w.handle(inv(ana));
    };
    const slack = await run((a) => ({ ...command(a, 'claim gotv 2'), interactionId: 'same' }));
    const discord = await run((a) => ({ kind: 'command', actor: a, path: ['claim'], options: { campaign: 'gotv', size: 2 }, interactionId: 'same', channelId: 'C-general' }));
    expect(slack).toEqual(discord);
    expect(textOf(viewOf(slack[0]))).toContain('1 of 2');
  });

  it.each([
    ['en-US', '`size` must be a whole number from 1 to 500 (you wrote "lots").', 'Usage: `/textbank claim [campaign] [size] [replies]`'],
    ['es-419', '`size` debe ser un número entero de 1 a 500 (escribiste "lots").', 'Uso: `/textbank claim [campaña] [cantidad] [replies]`'],
  ])('a bad option says what was expected, with the usage line (%s)', async (locale, message, usage) => {
    const w = await world();
    await runningCampaign(w);
    const [reply] = await w.handle(command(actor('U-x', 'X', { locale }), 'claim gotv lots'));
    expect(reply?.kind).toBe('ephemeral');
    const text = textOf(viewOf(reply));
    expect(text).toContain(message);
    expect(text).toContain(usage);
  });

  it('an unknown campaign lists the ones there are; a missing one is inferred when only one fits', async () => {
    const w = await world();
    await runningCampaign(w);
    expect(textOf(viewOf((await w.handle(command(ana, 'claim nope')))[0]))).toContain('There is no campaign called "nope". Campaigns: gotv.');
    expect(textOf(viewOf((await w.handle(command(ana, 'claim')))[0]))).toContain('1 of 5');
  });
});

describe('permissions (DESIGN: Roles)', () => {
  it('a volunteer cannot create a campaign', async () => {
    const w = await world();
    await runningCampaign(w);
    const [reply] = await w.handle(command(ana, 'campaign create rogue Rogue'));
    expect(textOf(viewOf(reply))).toContain('Only someone with the organizer role can do that.');
    const org = await w.store.orgs.findByExternal('sandbox', 'T-texas');
    expect(await w.store.campaigns.findBySlug(org!.id, 'rogue')).toBeNull();
  });

  it("volunteer B pressing volunteer A's Send is refused and nothing is sent (R5.2a)", async () => {
    const w = await world();
    await runningCampaign(w);
    const card = viewOf((await w.handle(command(ana, 'claim gotv')))[0]);
    const value = button(card, ACTION.send).value;
    const refused = await w.handle(press(ben, ACTION.send, value));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.kind).toBe('ephemeral');
    expect(textOf(viewOf(refused[0]))).toContain('That batch belongs to another volunteer. Nothing was sent.');
    // Ben cannot skip or end Ana's batch either.
    expect(textOf(viewOf((await w.handle(press(ben, ACTION.skip, value)))[0]))).toContain('belongs to another volunteer');
    expect(textOf(viewOf((await w.handle(press(ben, ACTION.endSession, button(card, ACTION.endSession).value)))[0]))).toContain('belongs to another volunteer');
    await w.settle();
    expect(w.carrier.attempts()).toEqual([]);
    expect(w.carrier.sent()).toEqual([]);
  });

  it('one interaction id sends at most one text, even on another card (R5.2b)', async () => {
    const w = await world();
    await runningCampaign(w);
    let card = viewOf((await w.handle(command(ana, 'claim gotv')))[0]);
    const first = button(card, ACTION.send).value;
    card = viewOf((await w.handle(press(ana, ACTION.send, first, 'press-1')))[0]);
    // The same press delivered again, on its own card and then on the next card: nothing more.
    const again = await w.handle(press(ana, ACTION.send, first, 'press-1'));
    expect(again.map((r) => r.kind)).toEqual(['update', 'ephemeral']);
    expect(textOf(viewOf(again[1]))).toContain('already sent');
    const reused = await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value, 'press-1'));
    expect(textOf(viewOf(reused.at(-1)))).toContain('That button press was already used to send a text');
    // The next card is still there and a fresh press sends it.
    expect(textOf(viewOf(reused[0]))).toContain('2 of 5');
    await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value, 'press-2'));
    await w.settle();
    expect(w.carrier.sent()).toHaveLength(2);
    expect(new Set(w.carrier.sent().map((s) => s.to)).size).toBe(2);
  });

  it('a tampered button value is refused as out of date, before any handler runs', async () => {
    const w = await world();
    await runningCampaign(w);
    const [reply] = await w.handle(press(ana, ACTION.send, '{"claim":"x"}'));
    expect(textOf(viewOf(reply))).toContain('That button is out of date');
    await w.settle();
    expect(w.carrier.attempts()).toEqual([]);
  });

  it('nothing works before setup except help and setup', async () => {
    const w = await world();
    expect(textOf(viewOf((await w.handle(command(ana, 'claim gotv')))[0]))).toContain('not set up');
    const help = textOf(viewOf((await w.handle(command(ana, 'help')))[0]));
    expect(help).toContain('/textbank setup');
    expect(help).not.toContain('/textbank claim');
  });
});

describe('setup (first owner, R3.1 name)', () => {
  it('only a platform admin, only once, and with the registered name', async () => {
    const w = await world();
    expect(textOf(viewOf((await w.handle(command(actor('U-x', 'X'), 'setup Acme')))[0]))).toContain('Only a workspace or server admin');
    expect(await w.store.orgs.findByExternal('sandbox', 'T-texas')).toBeNull();
    const done = textOf(viewOf((await w.handle(command(owner, 'setup Texas Forward Action Fund')))[0]));
    expect(done).toContain('**Texas Forward Action Fund**');
    const org = await w.store.orgs.findByExternal('sandbox', 'T-texas');
    expect(org?.name).toBe('Texas Forward Action Fund');
    expect((await w.store.members.findByPlatformUser(org!.id, 'U-owner'))?.role).toBe('owner');
    expect(textOf(viewOf((await w.handle(command(owner, 'setup Other')))[0]))).toContain('already set up');
    expect((await w.store.audit.list(org!.id, { action: 'org.created' })).length).toBe(1);
  });

  it('falls back to the workspace name; refuses when there is none', async () => {
    const w = await world();
    const noName = actor('U-a', 'A', { isPlatformAdmin: true, orgName: undefined });
    expect(textOf(viewOf((await w.handle(command(noName, 'setup')))[0]))).toContain('registered name');
    await w.handle(command(actor('U-a', 'A', { isPlatformAdmin: true }), 'setup'));
    expect((await w.store.orgs.findByExternal('sandbox', 'T-texas'))?.name).toBe('Texas Forward');
  });
});

describe('roles', () => {
  it('parses mentions from Slack and Discord', () => {
    expect(parseMention('<@U123|ana>')).toBe('U123');
    expect(parseMention('<@!4242>')).toBe('4242');
    expect(parseMention('<@4242>')).toBe('4242');
    expect(parseMention('@U9')).toBe('U9');
    expect(parseMention('<!channel>')).toBeNull();
  });

  it('organizers grant organizer; only owners grant owner; the last owner stays', async () => {
    const w = await world();
    await runningCampaign(w);
    const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
    expect(textOf(viewOf((await w.handle(command(ana, 'role grant <@U-ben>')))[0]))).toContain('organizer role');
    expect(textOf(viewOf((await w.handle(command(owner, 'role grant <@U-ana|ana>')))[0]))).toContain('Ana now has the organizer role.');
    expect((await w.store.members.findByPlatformUser(org.id, 'U-ana'))?.role).toBe('organizer');
    // Ana (organizer) may now create campaigns but not make owners.
    expect(textOf(viewOf((await w.handle(command(ana, 'role grant <@U-ben> owner')))[0]))).toContain('owner role');
    expect(textOf(viewOf((await w.handle(command(ana, 'role revoke <@U-owner>')))[0]))).toContain('owner role');
    expect(textOf(viewOf((await w.handle(command(owner, 'role revoke <@U-owner>')))[0]))).toContain('last owner');
    expect(textOf(viewOf((await w.handle(command(owner, 'role revoke <@U-ana>')))[0]))).toContain('Ana is a volunteer again');
    expect((await w.store.members.findByPlatformUser(org.id, 'U-ana'))?.role).toBe('volunteer');
    expect((await w.store.audit.list(org.id, { action: 'member.role_changed' })).length).toBe(2);
  });
});

describe('help', () => {
  it('lists what the role can do, generated from the definitions', async () => {
    const w = await world();
    await runningCampaign(w);
    const volunteer = textOf(viewOf((await w.handle(command(ana, 'help')))[0]));
    expect(volunteer).toContain('`/textbank claim [campaign] [size] [replies]`');
    expect(volunteer).not.toContain('campaign create');
    expect(volunteer).not.toContain('sandbox');
    const organizer = textOf(viewOf((await w.handle(command(owner, 'help')))[0]));
    expect(organizer).toContain('`/textbank campaign archive <campaign>`');
    expect(organizer).toContain('`/textbank optout add <phone>`');
    expect(organizer).not.toContain('/textbank setup');
  });

  it('shows the sandbox demo only in sandbox mode', async () => {
    const w = await world({ sandbox: { loadDemo: async () => ({ campaignId: 'x' }) } });
    await w.handle(command(owner, 'setup Demo'));
    expect(textOf(viewOf((await w.handle(command(owner, 'help')))[0]))).toContain('/textbank sandbox demo');
  });
});
