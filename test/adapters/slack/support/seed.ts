// Seeds a running campaign through the dispatcher with Slack actors (setup, create, script,
// import of a CSV hosted on the fake Slack, start), so a test can start at the part it proves.
import { expect } from 'vitest';
import type { Actor } from '../../../../src/commands/framework/invocation.js';
import type { Reply } from '../../../../src/core/views/view.js';
import { TEAM } from './requests.js';
import type { SlackApp } from './slack-app.js';

export const OWNER = 'U0OWNER';
export const ANA = 'U0ANA';
export const BEN = 'U0BEN';
export const CHANNEL = 'C0GOTV';
export const SCRIPT = 'Hi {firstName}, this is {texterName} with {orgName}. Reply STOP to opt out.';
export const VOTERS = ['phone,first_name,zip', '(212) 555-0101,Maria,10001', '212.555.0102,James,10001', '+1 212 555 0103,Aisha,10002'].join('\n');

export function slackActor(userId: string, displayName: string, extra: Partial<Actor> = {}): Actor {
  return { platform: 'slack', orgExternalId: TEAM.id, orgName: 'Texas Forward', userId, displayName, ...extra };
}

let n = 0;
const id = () => `seed-${++n}`;

function ok(replies: Reply[]): Reply[] {
  for (const r of replies) if ((r.kind === 'ephemeral' || r.kind === 'update') && r.view.text.startsWith('⚠️')) throw new Error(r.view.text);
  return replies;
}

/** Returns the org id and campaign id of a started campaign `gotv` with 3 voters. */
export async function seedCampaign(app: SlackApp): Promise<{ orgId: string; campaignId: string }> {
  app.fake.addUser({ id: OWNER, name: 'Olivia Owner', isAdmin: true });
  app.fake.addUser({ id: ANA, name: 'Ana', locale: 'en-US' });
  app.fake.addUser({ id: BEN, name: 'Ben', locale: 'es-LA' });
  const owner = slackActor(OWNER, 'Olivia Owner', { isPlatformAdmin: true });
  ok(await app.handle({ kind: 'command', actor: owner, interactionId: id(), text: 'setup' }));
  ok(await app.handle({ kind: 'command', actor: owner, channelId: CHANNEL, interactionId: id(), text: 'campaign create gotv Get out the vote' }));
  const [modal] = await app.handle({ kind: 'command', actor: owner, interactionId: id(), text: 'script edit gotv en' });
  if (modal?.kind !== 'modal') throw new Error('no script modal');
  ok(await app.handle({ kind: 'modal', actor: owner, modalId: modal.modal.id, ...(modal.modal.privateValue ? { privateValue: modal.modal.privateValue } : {}), values: { initial: SCRIPT, follow_ups: '', canned: 'Thanks: Thanks {firstName}!' }, interactionId: id() }));
  app.fake.addFile({ id: 'F0SEED', name: 'voters.csv', content: VOTERS, user: OWNER });
  const fileUrl = app.slow ? app.slow.viaProxy(app.fake.fileUrl('F0SEED')) : app.fake.fileUrl('F0SEED');
  ok(await app.handle({ kind: 'command', actor: owner, interactionId: id(), text: 'import gotv', attachments: [{ name: 'voters.csv', url: fileUrl }] }));
  ok(await app.handle({ kind: 'command', actor: owner, interactionId: id(), text: 'campaign start gotv' }));
  const org = await app.store.orgs.findByExternal('slack', TEAM.id);
  const campaign = org ? await app.store.campaigns.findBySlug(org.id, 'gotv') : null;
  expect(campaign?.status).toBe('active');
  return { orgId: org!.id, campaignId: campaign!.id };
}
