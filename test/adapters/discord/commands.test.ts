// The /textbank slash command generated from the command definitions, checked against Discord's
// limits, and registered per guild only when it changed (computeDifferences).
import { afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import {
  buildSlashCommand,
  commandProblems,
  commandsDiffer,
  createDiscordApi,
  createDiscordRest,
  invitePermissions,
  inviteUrl,
  registerInGuilds,
  type SlashCommandJson,
} from '../../../src/adapters/discord/index.js';
import { createI18n } from '../../../src/app/i18n.js';
import { runDiscordRegister } from '../../../src/app/wire-discord.js';
import { createTextbankCommands } from '../../../src/commands/index.js';
import type { Translate } from '../../../src/commands/framework/definition.js';
import type { Lang } from '../../../src/core/model/common.js';
import { FAKE_APP_ID, startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';

const i18nReady = createI18n('en');
let translators: (lang: Lang) => Translate = () => (key) => key;
async function generated(): Promise<SlashCommandJson> {
  const i18n = await i18nReady;
  translators = (lang: Lang): Translate => (key, params) => i18n.t(lang)(key, params ?? {}) as string;
  return buildSlashCommand(createTextbankCommands().commands, translators);
}

type Node = { name: string; type: number; description: string; description_localizations?: Record<string, string>; options?: Node[]; required?: boolean; choices?: unknown[] };
function walk(node: Node, visit: (n: Node, depth: number) => void, depth = 0): void {
  visit(node, depth);
  for (const child of node.options ?? []) walk(child, visit, depth + 1);
}

describe('the generated /textbank command', () => {
  it('fits every Discord limit (names 1-32 lowercase, descriptions 1-100, <= 25 options/choices, required first)', async () => {
    const command = await generated();
    expect(commandProblems(command)).toEqual([]);
    let nodes = 0;
    walk(command as unknown as Node, (n) => {
      nodes += 1;
      expect(n.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect([...n.description].length).toBeGreaterThanOrEqual(1);
      expect([...n.description].length).toBeLessThanOrEqual(100);
      for (const d of Object.values(n.description_localizations ?? {})) expect([...d].length).toBeLessThanOrEqual(100);
      expect((n.options ?? []).length).toBeLessThanOrEqual(25);
      expect((n.choices ?? []).length).toBeLessThanOrEqual(25);
    });
    expect(nodes).toBeGreaterThan(50);
  });

  it('has sub-commands, groups for two-word paths, typed options and Spanish descriptions', async () => {
    const command = await generated();
    const top = command.options.map((o) => [o.name, o.type]);
    expect(top).toContainEqual(['campaign', 2]);
    expect(top).toContainEqual(['claim', 1]);
    const campaign = command.options.find((o) => o.name === 'campaign')!;
    expect(campaign.options?.map((o) => o.name)).toEqual(['create', 'list', 'show', 'start', 'pause', 'resume', 'archive', 'disclaimer']);
    const importCmd = command.options.find((o) => o.name === 'import')!;
    expect(importCmd.options?.map((o) => [o.name, o.type])).toEqual([['campaign', 3], ['file', 11]]);
    const claim = command.options.find((o) => o.name === 'claim')!;
    expect(claim.options?.find((o) => o.name === 'size')).toMatchObject({ type: 4, min_value: 1, max_value: 500 });
    const exportCmd = command.options.find((o) => o.name === 'export')!;
    expect(exportCmd.options?.find((o) => o.name === 'kind')?.choices).toEqual([{ name: 'contacts', value: 'contacts' }, { name: 'messages', value: 'messages' }, { name: 'van', value: 'van' }]);
    const grant = command.options.find((o) => o.name === 'role')!.options!.find((o) => o.name === 'grant')!;
    expect(grant.options?.[0]).toMatchObject({ name: 'member', type: 6, required: true });
    expect(command.description_localizations).toEqual({ 'es-ES': 'Mensajes de texto persona a persona para tu campaña', 'es-419': 'Mensajes de texto persona a persona para tu campaña' });
    expect(claim.description_localizations?.['es-419']).toBe('Reclama un lote de votantes para escribirles');
  });

  it("labels an option with the short text shared by its name (discord:options.<name>) in both languages; help keeps the full description", async () => {
    const command = await generated();
    const importCmd = command.options.find((o) => o.name === 'import')!;
    const campaign = importCmd.options?.find((o) => o.name === 'campaign');
    expect(campaign?.description).toBe('Campaign short name');
    expect(campaign?.description_localizations?.['es-ES']).toBe('Nombre corto de la campaña');
    // An option without a shared short label keeps its command's own description.
    const bare = buildSlashCommand([{ path: ['x'], descriptionKey: 'commands:descriptions.help', options: [{ name: 'zzz_unlabelled', type: 'string', descriptionKey: 'commands:descriptions.help' }] }], translators);
    expect(bare.options[0]!.options?.[0]?.description).toBe(translators('en')('commands:descriptions.help'));
  });

  it('reports broken limits', async () => {
    const command = await generated();
    const broken = structuredClone(command);
    broken.name = 'TextBank';
    broken.options[0]!.description = 'x'.repeat(101);
    broken.options.push(...Array.from({ length: 20 }, (_, i) => ({ type: 1, name: `extra${i}`, description: 'e' })));
    const claim = broken.options.find((o) => o.name === 'claim')!;
    claim.options = [{ type: 3, name: 'opt', description: 'o' }, { type: 3, name: 'req', description: 'r', required: true }];
    const problems = commandProblems(broken).join('\n');
    expect(problems).toMatch(/name "TextBank"/);
    expect(problems).toMatch(/101 characters/);
    expect(problems).toContain(`${command.options.length + 20} options (max 25)`);
    expect(problems).toMatch(/required options must come before optional ones/);
  });

  it('invites with bot + applications.commands and the eight permissions (360777370624)', () => {
    expect(invitePermissions()).toBe(360777370624n);
    expect(inviteUrl(FAKE_APP_ID)).toBe(`https://discord.com/oauth2/authorize?client_id=${FAKE_APP_ID}&scope=bot+applications.commands&permissions=360777370624`);
  });
});

describe('registration per guild', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('PUTs only when the definitions differ from Discord\'s copy', async () => {
    fake = await startFakeDiscord();
    const api = createDiscordApi(createDiscordRest(fake.token, fake.apiUrl), FAKE_APP_ID);
    const command = await generated();
    expect(await registerInGuilds(api, ['1100000000000000001', '1100000000000000005'], command)).toEqual([
      { guildId: '1100000000000000001', result: 'updated' },
      { guildId: '1100000000000000005', result: 'updated' },
    ]);
    expect(fake.of('PUT', /commands$/)).toHaveLength(2);
    const gets = fake.of('GET', /commands$/);
    expect(gets[0]?.query.get('with_localizations')).toBe('true');
    // Discord's copy carries ids, versions and defaults: still the same command, nothing sent.
    expect(commandsDiffer(command, fake.commands.get('1100000000000000001') as never)).toBe(false);
    expect(await registerInGuilds(api, ['1100000000000000001'], command)).toEqual([{ guildId: '1100000000000000001', result: 'unchanged' }]);
    expect(fake.of('PUT', /commands$/)).toHaveLength(2);
    // A changed description is a difference.
    const changed = structuredClone(command);
    changed.options[0]!.description = 'Show what you can do';
    expect(await registerInGuilds(api, ['1100000000000000001'], changed)).toEqual([{ guildId: '1100000000000000001', result: 'updated' }]);
    expect(fake.of('PUT', /commands$/)).toHaveLength(3);
    expect(fake.of('PUT', /commands$/).every((c) => c.authorization === `Bot ${fake!.token}`)).toBe(true);
  });

  it('npm run discord:register registers in the bot\'s guilds, then says they are up to date', async () => {
    fake = await startFakeDiscord();
    fake.addGuild('1100000000000000001', 'Texas Forward');
    const env = { DISCORD_TOKEN: fake.token, DISCORD_APP_ID: FAKE_APP_ID, DISCORD_PUBLIC_KEY: 'a'.repeat(64), DISCORD_API_URL: fake.apiUrl };
    const run = async (argv: string[] = []) => {
      let out = '';
      let err = '';
      const sink = (write: (s: string) => void) => new Writable({ write: (c: Buffer, _e, cb) => void (write(c.toString()), cb()) });
      const code = await runDiscordRegister(argv, env, { stdout: sink((s) => void (out += s)), stderr: sink((s) => void (err += s)) });
      return { code, out, err };
    };
    expect(await run()).toEqual({ code: 0, out: 'Server 1100000000000000001: /textbank registered.\n', err: '' });
    expect(await run()).toEqual({ code: 0, out: 'Server 1100000000000000001: /textbank already up to date (nothing sent).\n', err: '' });
    expect((await run(['--guild', '1100000000000000007'])).out).toContain('1100000000000000007: /textbank registered');
    expect(fake.of('PUT', /commands$/)).toHaveLength(2);
    const missing = await runDiscordRegister([], {}, { stdout: new Writable({ write: (_c, _e, cb) => cb() }), stderr: new Writable({ write: (_c, _e, cb) => cb() }) });
    expect(missing).toBe(1);
  });
});
