// Drives a Discord test app to a campaign with one text sent, through signed interactions only.
import { ACTION } from '../../../../src/commands/actions.js';
import type { Org } from '../../../../src/core/model/org.js';
import type { DiscordApp } from './discord-app.js';
import { ANA, CHANNEL, GUILD, OWNER, buttonId, commandPayload, componentPayload, modalPayload } from './payloads.js';
import { SCRIPT, VOTERS_CSV } from './fixtures.js';

export interface FirstText {
  org: Org;
  /** Ana's card after the first Send (the message body of the 7 UPDATE_MESSAGE). */
  card: Record<string, unknown>;
  cardMessage: { id: string; channel_id: string; flags: number };
  voterPhone: string;
}

async function ok(a: DiscordApp, payload: unknown): Promise<Record<string, unknown>> {
  const res = await a.interact(payload);
  if (res.status !== 200) throw new Error(`interaction refused: ${res.status}`);
  await a.adapter.idle();
  return res.body;
}

export async function runToFirstText(a: DiscordApp, opts: { visibility?: 'private' | 'channel' } = {}): Promise<FirstText> {
  await ok(a, commandPayload(OWNER, ['setup'], { name: 'Texas Forward' }));
  await ok(a, commandPayload(OWNER, ['campaign', 'create'], { slug: 'gotv', name: 'Get out the vote' }));
  const url = a.fake.serveFile('voters.csv', VOTERS_CSV);
  await ok(a, commandPayload(OWNER, ['import'], { campaign: 'gotv', file: { attachment: { filename: 'voters.csv', url } } }));
  const modal = (await ok(a, commandPayload(OWNER, ['script', 'edit'], { campaign: 'gotv', lang: 'en' }))).data as { custom_id: string };
  await ok(a, modalPayload(OWNER, modal.custom_id, { initial: SCRIPT, follow_ups: '', canned: 'Thanks: Thanks {firstName}!' }));
  if (opts.visibility === 'channel') {
    const settings = (await ok(a, commandPayload(OWNER, ['settings']))).data as { custom_id: string };
    await ok(a, modalPayload(OWNER, settings.custom_id, { name: 'Texas Forward', help_contact: '', optout_en: '', optout_es: '', visibility: { select: 'channel' } }));
  }
  await ok(a, commandPayload(OWNER, ['campaign', 'start'], { campaign: 'gotv' }));
  await ok(a, commandPayload(OWNER, ['post'], { campaign: 'gotv' }));
  const claimed = await ok(a, commandPayload(ANA, ['claim'], { campaign: 'gotv', size: 2 }));
  const cardMessage = { id: a.fake.snowflake(), channel_id: CHANNEL, flags: 64 };
  const sent = await ok(a, componentPayload(ANA, buttonId(claimed.data, ACTION.send), cardMessage));
  await a.settle();
  const org = await a.store.orgs.findByExternal('discord', GUILD);
  const first = a.carrier.sent()[0];
  if (!org || !first) throw new Error('the first text was not sent');
  return { org, card: sent.data as Record<string, unknown>, cardMessage, voterPhone: first.to };
}
