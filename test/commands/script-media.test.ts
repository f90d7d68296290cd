// `/textbank script media`: attach, refuse and remove MMS media on a first message or a quick
// reply. Bad input (a file that is not what its name says, an image too big for an MMS, a vCard
// with a bad field) gets its reason in the organizer's language, and nothing changes.
import { describe, expect, it } from 'vitest';
import { createSimulatedMediaProcessor } from '../../src/adapters/media/index.js';
import { createMediaService } from '../../src/app/media-service.js';
import { scriptMediaCommand } from '../../src/commands/script-media.js';
import { actor, command, submit, textOf, viewOf, world, type World } from './support/world.js';
import { owner, runningCampaign } from './support/scenario.js';

const ownerEs = actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true, locale: 'es-419' });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const CARD = 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Texas Forward\r\nTEL:+12025550199\r\nEND:VCARD\r\n';

/** The world with media on: attachments are served from memory (as a platform's file host would). */
async function mediaWorld(): Promise<{ w: World; files: Map<string, Uint8Array>; attach: (name: string, bytes: Uint8Array) => { name: string; url: string }[] }> {
  const w = await world();
  const files = new Map<string, Uint8Array>();
  w.services.media = createMediaService({
    store: w.store,
    processor: createSimulatedMediaProcessor(),
    publicUrl: 'https://tb.example.org',
    fetch: async (url) => {
      const bytes = files.get(String(url));
      return bytes ? new Response(Buffer.from(bytes), { status: 200 }) : new Response(null, { status: 404 });
    },
  });
  let n = 0;
  const attach = (name: string, bytes: Uint8Array) => {
    const url = `https://files.example/${(n += 1)}/${name}`;
    files.set(url, bytes);
    return [{ name, url }];
  };
  return { w, files, attach };
}

const say = async (w: World, inv: Parameters<World['handle']>[0]) => (await w.handle(inv)).map((r) => ('view' in r ? textOf(r.view) : JSON.stringify(r))).join('\n');

describe('/textbank script media', () => {
  it('is declared under script with an attachment option and appears for organizers', () => {
    expect(scriptMediaCommand.path).toEqual(['script', 'media']);
    expect(scriptMediaCommand.options.map((o) => `${o.name}:${o.type}`)).toEqual(['campaign:string', 'file:attachment', 'lang:string', 'reply:string', 'remove:boolean']);
  });

  it('attaches an image to the first message and shows it; removing it makes it a text again', async () => {
    const { w, attach } = await mediaWorld();
    const { org, campaignId } = await runningCampaign(w);
    const replies = await w.handle(command(owner, 'script media gotv lang:en', { attachments: attach('logo.png', PNG) }));
    const view = viewOf(replies[0]);
    expect(textOf(view)).toContain('Attached to the English first message');
    const media = (await w.store.campaigns.get(org.id, campaignId))!.scripts.en!.media!;
    expect(media.contentType).toBe('image/png');
    expect(view.blocks).toContainEqual({ type: 'image', url: `https://tb.example.org/media/${media.id}`, alt: 'Image sent with this text' });
    expect(Buffer.from((await w.store.media.get(media.id))!.bytes!).equals(Buffer.from(PNG))).toBe(true);
    expect(await say(w, command(owner, 'script media gotv lang:en remove:true'))).toContain('has no media now');
    expect((await w.store.campaigns.get(org.id, campaignId))!.scripts.en!.media).toBeUndefined();
    expect(await say(w, command(owner, 'script media gotv lang:en remove:true'))).toContain('There is no media to remove there');
  });

  it('attaches the org contact card to a quick reply by its label', async () => {
    const { w, attach } = await mediaWorld();
    const { org, campaignId } = await runningCampaign(w);
    expect(await say(w, command(owner, 'script media gotv reply:thanks', { attachments: attach('org.vcf', new TextEncoder().encode(CARD)) }))).toContain('Attached to the quick reply "Thanks"');
    expect((await w.store.campaigns.get(org.id, campaignId))!.cannedReplies[0]!.media?.contentType).toBe('text/vcard');
    expect(await say(w, command(owner, 'script media gotv reply:nope', { attachments: attach('org.vcf', new TextEncoder().encode(CARD)) }))).toContain('There is no quick reply "nope"');
  });

  it('refuses bad input with the reason in the organizer language and changes nothing', async () => {
    const { w, attach } = await mediaWorld();
    const { org, campaignId } = await runningCampaign(w);
    const before = await w.store.campaigns.get(org.id, campaignId);
    const cases: [string, Uint8Array, typeof owner, string][] = [
      ['flyer.png', new TextEncoder().encode('just text'), owner, 'flyer.png is named like a PNG file but its content is not one. Nothing was changed.'],
      ['flyer.gif', PNG, ownerEs, 'flyer.gif tiene nombre de archivo GIF, pero es un archivo PNG.'],
      ['huge.png', new Uint8Array(700 * 1024).fill(1).map((v, i) => (i < PNG.length ? PNG[i]! : v)), owner, 'huge.png cannot be made to fit an MMS (600 KB at most)'],
      ['org.vcf', new TextEncoder().encode(CARD.replace('TEL:+12025550199', 'TEL:call us')), ownerEs, 'Línea 4 de org.vcf: el campo TEL no es válido. No se cambió nada.'],
      ['org.vcf', new TextEncoder().encode(CARD.replace('FN:Texas Forward\r\n', '')), owner, 'org.vcf has no FN field, which a contact card needs.'],
      ['notes.txt', PNG, owner, 'notes.txt is not a JPEG, PNG or GIF image nor a .vcf contact card.'],
    ];
    for (const [name, bytes, who, message] of cases) {
      expect(await say(w, command(who, 'script media gotv lang:en', { attachments: attach(name, bytes) }))).toContain(message);
    }
    expect(await w.store.campaigns.get(org.id, campaignId)).toEqual(before);
  });

  it('opens a form with a file field when no file is attached, and the form asks for one', async () => {
    const { w, attach } = await mediaWorld();
    await runningCampaign(w);
    const [opened] = await w.handle(command(owner, 'script media gotv lang:en'));
    if (opened?.kind !== 'modal') throw new Error('expected a form');
    expect(opened.modal.inputs[0]).toMatchObject({ id: 'file', kind: 'file', fileTypes: ['jpg', 'jpeg', 'png', 'gif', 'vcf'] });
    expect(await w.handle(submit(owner, opened.modal.id, opened.modal.privateValue, {}))).toEqual([{ kind: 'modalErrors', errors: { file: 'Attach an image or a .vcf contact card.' } }]);
    expect(await say(w, submit(owner, opened.modal.id, opened.modal.privateValue, { file: 'x' }, attach('logo.png', PNG)))).toContain('Attached to the English first message');
  });

  it('says so when the server has no media service', async () => {
    const w = await world();
    await runningCampaign(w);
    expect(await say(w, command(owner, 'script media gotv lang:en', { attachments: [{ name: 'logo.png', url: 'https://files.example/logo.png' }] }))).toContain('Media cannot be attached on this server');
  });
});
