// `/textbank campaign disclaimer` and the R3.3 start check as an organizer meets them in chat.
import { describe, expect, it } from 'vitest';
import { MODAL } from '../../src/commands/actions.js';
import { DISCLAIMER_MODAL } from '../../src/commands/campaign-disclaimer.js';
import { actor, command, submit, textOf, viewOf, world } from './support/world.js';
import { CHANNEL, fixtureUrl, owner } from './support/scenario.js';

const SCRIPT = 'Hi {firstName}, this is {texterName} with {orgName}. Can we count on your vote? Reply STOP to opt out.';

async function floridaDraft() {
  const w = await world();
  await w.handle(command(owner, 'setup "Texas Forward"'));
  await w.handle(command(owner, 'campaign create gotv Get out the vote', { channelId: CHANNEL }));
  await w.handle(command(owner, 'import gotv', { attachments: [{ name: 'florida-voters.csv', url: fixtureUrl('florida-voters.csv') }] }));
  const [opened] = await w.handle(command(owner, 'script edit gotv en'));
  if (opened?.kind !== 'modal') throw new Error('script edit did not open a modal');
  await w.handle(submit(owner, MODAL.script, opened.modal.privateValue, { initial: SCRIPT }));
  const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
  return { w, org, campaign: async () => (await w.store.campaigns.findBySlug(org.id, 'gotv'))! };
}

describe('/textbank campaign disclaimer (R3.3)', () => {
  it('R3.3: start is refused while Florida voters would get no disclaimer; set it, add {disclaimer}, and it runs', async () => {
    const { w, campaign } = await floridaDraft();
    const refused = textOf(viewOf((await w.handle(command(owner, 'campaign start gotv')))[0]));
    expect(refused).toContain('Some voters are in Florida');
    expect((await campaign()).status).toBe('draft');
    // script show lints the same way, before anyone presses start.
    expect((await w.handle(command(owner, 'script show gotv'))).map((r) => textOf(viewOf(r))).join('\n')).toContain('Some voters are in Florida');

    const saved = textOf(viewOf((await w.handle(command(owner, 'campaign disclaimer gotv "Paid for by Texas Forward PAC"')))[0]));
    expect(saved).toContain('Disclaimer of gotv saved.');
    expect(saved).toContain('Paid for by Texas Forward PAC');
    const linked = textOf(viewOf((await w.handle(command(owner, 'campaign disclaimer gotv https://texasforward.org/paid-for')))[0]));
    expect(linked).toContain('https://texasforward.org/paid-for');
    expect((await campaign()).disclaimer).toEqual({ text: 'Paid for by Texas Forward PAC', url: 'https://texasforward.org/paid-for' });
    expect(textOf(viewOf((await w.handle(command(owner, 'campaign start gotv')))[0]))).toContain('Add {disclaimer} to the first message');

    const [opened] = await w.handle(command(owner, 'script edit gotv en'));
    if (opened?.kind !== 'modal') throw new Error('script edit did not open a modal');
    await w.handle(submit(owner, MODAL.script, opened.modal.privateValue, { initial: `${SCRIPT} {disclaimer}` }));
    expect(textOf(viewOf((await w.handle(command(owner, 'campaign start gotv')))[0]))).toContain('is running');
  });

  it('the form edits text and link, refuses a link that is not https, and speaks Spanish', async () => {
    const { w, campaign } = await floridaDraft();
    const [opened] = await w.handle(command(owner, 'campaign disclaimer gotv'));
    if (opened?.kind !== 'modal') throw new Error('no form');
    expect(opened.modal.id).toBe(DISCLAIMER_MODAL);
    expect(opened.modal.inputs.map((i) => i.id)).toEqual(['text', 'url']);
    const bad = (await w.handle(submit(owner, DISCLAIMER_MODAL, opened.modal.privateValue, { text: 'Paid for by X', url: 'http://x.org' })))[0];
    expect(bad).toMatchObject({ kind: 'modalErrors', errors: { url: 'The link must be a full https address (https://...).' } });
    expect((await campaign()).disclaimer).toBeUndefined();
    const empty = textOf(viewOf((await w.handle(submit(owner, DISCLAIMER_MODAL, opened.modal.privateValue, { text: '', url: '' })))[0]));
    expect(empty).toContain('Enter the disclaimer text, its link, or both.');
    await w.handle(submit(owner, DISCLAIMER_MODAL, opened.modal.privateValue, { text: 'Paid for by X', url: 'https://x.org/paid' }));
    expect((await campaign()).disclaimer).toEqual({ text: 'Paid for by X', url: 'https://x.org/paid' });
    const es = actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true, locale: 'es-MX' });
    expect(textOf(viewOf((await w.handle(command(es, 'campaign disclaimer gotv "Pagado por X"')))[0]))).toContain('Aviso de gotv guardado.');
    // Volunteers may not set it.
    const vol = actor('U-vol', 'Val');
    await w.handle(command(vol, 'help'));
    expect(textOf(viewOf((await w.handle(command(vol, 'campaign disclaimer gotv "Paid for by Y"')))[0]))).toContain('organizer');
    expect((await campaign()).disclaimer?.text).toBe('Pagado por X');
  });
});
