// Tracked links as an organizer meets them in chat: a script with plain links offers "Track links",
// one press rewrites them to {link:...} (re-checked as an organizer), and a destination that is not
// http(s) is refused in the organizer's language with nothing changed.
import { describe, expect, it } from 'vitest';
import { MODAL } from '../../src/commands/actions.js';
import { LINKS_TRACK_ACTION } from '../../src/commands/views/links.js';
import { actor, button, command, press, submit, textOf, viewOf, world } from './support/world.js';
import { CHANNEL, owner } from './support/scenario.js';

const SCRIPT = 'Hi {firstName}, this is {texterName} with {orgName}. RSVP at https://example.org/rsvp. Reply STOP to opt out.';

async function draft(initial: string) {
  const w = await world();
  await w.handle(command(owner, 'setup "Texas Forward"'));
  await w.handle(command(owner, 'campaign create gotv Get out the vote', { channelId: CHANNEL }));
  const [opened] = await w.handle(command(owner, 'script edit gotv en'));
  if (opened?.kind !== 'modal') throw new Error('script edit did not open a modal');
  const saved = await w.handle(submit(owner, MODAL.script, opened.modal.privateValue, { initial }));
  const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
  return { w, saved, privateValue: opened.modal.privateValue, campaign: async () => (await w.store.campaigns.findBySlug(org.id, 'gotv'))! };
}

describe('Track links in the script view', () => {
  it('plain links offer Track links; one press makes them tracked links; then the offer is gone', async () => {
    const { w, saved, campaign } = await draft(SCRIPT);
    const view = viewOf(saved.at(-1));
    const track = button(view, LINKS_TRACK_ACTION);
    expect(track).toMatchObject({ label: 'Track links', value: (await campaign()).id });

    // A volunteer may not press it (role re-checked on the press).
    const volunteer = actor('U-vol', 'Val Volunteer');
    await w.handle(press(volunteer, LINKS_TRACK_ACTION, track.value));
    expect((await campaign()).scripts.en?.initial).toBe(SCRIPT);

    const after = await w.handle(press(owner, LINKS_TRACK_ACTION, track.value));
    expect((await campaign()).scripts.en?.initial).toBe('Hi {firstName}, this is {texterName} with {orgName}. RSVP at {link:https://example.org/rsvp}. Reply STOP to opt out.');
    const text = after.map((r) => textOf(viewOf(r))).join('\n');
    expect(text).toContain('Tracked 1 link.');
    // The segment counter measures the link each voter gets (default LINK_BASE_URL http://localhost:3000/l + 10-character code).
    const asSent = 'Hi {firstName}, this is {texterName} with {orgName}. RSVP at http://localhost:3000/l/xxxxxxxxxx. Reply STOP to opt out.';
    expect(text).toContain(`${asSent.length} characters`);
    expect(after.flatMap((r) => viewOf(r).blocks).some((b) => b.type === 'actions' && b.elements.some((e) => e.id === LINKS_TRACK_ACTION))).toBe(false);
    expect(textOf(viewOf((await w.handle(press(owner, LINKS_TRACK_ACTION, track.value)))[0]))).toContain('no plain links left');
  });

  it('a tracked link that is not http(s) is refused in the organizer\'s language and changes nothing', async () => {
    const { w, campaign, privateValue } = await draft(SCRIPT);
    const refused = await w.handle(submit(owner, MODAL.script, privateValue, { initial: 'Texas Forward: {link:javascript:alert(1)} Reply STOP to opt out.' }));
    expect(textOf(viewOf(refused[0]))).toContain('must point to a web address that starts with http:// or https://');
    expect((await campaign()).scripts.en?.initial).toBe(SCRIPT);
    const es = actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true, locale: 'es-MX' });
    const refusedEs = await w.handle(submit(es, MODAL.script, privateValue, { initial: 'Texas Forward: {link:ftp://x.org/a} Reply STOP to opt out.' }));
    expect(textOf(viewOf(refusedEs[0]))).toContain('debe apuntar a una dirección web');
    expect((await campaign()).scripts.en?.initial).toBe(SCRIPT);
  });
});
