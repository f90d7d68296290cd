// A running campaign reached through commands only (setup, create, import, script, start).
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { MODAL } from '../../../src/commands/actions.js';
import type { Org } from '../../../src/core/model/org.js';
import { FIXTURES, actor, command, submit, textOf, viewOf, type World } from './world.js';

export const owner = actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true });
export const ana = actor('U-ana', 'Ana');
export const ben = actor('U-ben', 'Ben');
export const CHANNEL = 'C-gotv';
export const SCRIPT_EN = 'Hi {firstName}, this is {texterName} with {orgName}. Can we count on your vote? Reply STOP to opt out.';

export function fixtureUrl(name: string): string {
  return pathToFileURL(`${FIXTURES}${name}`).href;
}

export async function runningCampaign(w: World, opts: { start?: boolean; file?: string } = {}): Promise<{ org: Org; campaignId: string }> {
  await w.handle(command(owner, 'setup "Texas Forward"'));
  await w.handle(command(owner, 'campaign create gotv Get out the vote', { channelId: CHANNEL }));
  const file = opts.file ?? 'voters.csv';
  const imported = textOf(viewOf((await w.handle(command(owner, 'import gotv', { attachments: [{ name: file, url: fixtureUrl(file) }] })))[0]));
  expect(imported).toContain('Imported');
  const [opened] = await w.handle(command(owner, 'script edit gotv en'));
  if (opened?.kind !== 'modal') throw new Error('script edit did not open a modal');
  await w.handle(submit(owner, MODAL.script, opened.modal.privateValue, { initial: SCRIPT_EN, canned: 'Thanks: Thanks {firstName}!' }));
  if (opts.start !== false) expect(textOf(viewOf((await w.handle(command(owner, 'campaign start gotv')))[0]))).toContain('is running');
  const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas')) as Org;
  const campaign = await w.store.campaigns.findBySlug(org.id, 'gotv');
  return { org, campaignId: campaign?.id ?? '' };
}
