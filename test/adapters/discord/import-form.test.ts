// `/textbank import` without an attached file opens the upload form (a modal with a File Upload
// inside a Label) as the FIRST answer: it is decided before any deferral, because Discord refuses
// a modal (type 9) after a deferred answer (type 5). Over the signed HTTP endpoint and the gateway.
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordApp, type DiscordApp } from './support/discord-app.js';
import { OWNER, commandPayload, snowflake, textOfBody } from './support/payloads.js';
import { VOTERS_CSV } from './support/fixtures.js';
import { FAKE_APP_ID } from '../../support/fake-discord.js';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

interface ModalBody {
  custom_id: string;
  title: string;
  components: { type: number; label: string; component: { type: number; custom_id: string; required: boolean } }[];
}

async function campaignReady(a: DiscordApp): Promise<void> {
  await a.interact(commandPayload(OWNER, ['setup'], { name: 'Texas Forward' }));
  await a.interact(commandPayload(OWNER, ['campaign', 'create'], { slug: 'gotv', name: 'Get out the vote' }));
  await a.adapter.idle();
}

/** The form's submit with one file in its File Upload, resolved the way Discord sends it. */
function uploadSubmit(customId: string, file: { filename: string; url: string }) {
  const base = commandPayload(OWNER, ['import']);
  const attachmentId = snowflake();
  return {
    ...base,
    type: 5,
    data: {
      custom_id: customId,
      components: [{ type: 18, id: 1, component: { type: 19, id: 2, custom_id: 'file', values: [attachmentId] } }],
      resolved: { attachments: { [attachmentId]: { id: attachmentId, filename: file.filename, url: file.url, size: VOTERS_CSV.length, content_type: 'text/csv' } } },
    },
  };
}

describe('/textbank import without a file opens the upload form (R7.3)', () => {
  it('HTTP endpoint: answers 9 with a File Upload (19) in a Label (18), never a deferral; the submit imports', async () => {
    // A handler slower than nothing but well inside the deferral window still gets its form through.
    app = await startDiscordApp({ deferAfterMs: 1_000, slowHandle: (inv) => (inv.kind === 'command' ? 50 : 0) });
    await campaignReady(app);
    const res = await app.interact(commandPayload(OWNER, ['import'], { campaign: 'gotv' }));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe(9);
    const modal = res.body.data as unknown as ModalBody;
    expect(modal.components).toHaveLength(1);
    expect(modal.components[0]).toMatchObject({ type: 18, component: { type: 19, custom_id: 'file', required: true } });
    expect(modal.custom_id).toMatch(/^tbm:/);

    const url = app.fake.serveFile('voters.csv', VOTERS_CSV);
    const submitted = await app.interact(uploadSubmit(modal.custom_id, { filename: 'voters.csv', url }));
    // The submit carries a file: deferred at once, the report then edits @original.
    expect(submitted.body).toEqual({ type: 5, data: { flags: 64 } });
    await app.settle();
    const edits = app.fake.of('PATCH', /\/messages\/@original$/);
    expect(textOfBody(edits.at(-1)!.body)).toMatch(/\d of 7 rows imported/);
    expect(app.errors).toEqual([]);
  });

  it('HTTP endpoint: with a file attached the command is still deferred at once', async () => {
    app = await startDiscordApp();
    await campaignReady(app);
    const url = app.fake.serveFile('voters.csv', VOTERS_CSV, { delayMs: 50 });
    const res = await app.interact(commandPayload(OWNER, ['import'], { campaign: 'gotv', file: { attachment: { filename: 'voters.csv', url } } }));
    expect(res.body).toEqual({ type: 5, data: { flags: 64 } });
    await app.settle();
  });

  it('optout import without a file answers at once with how to attach one; export still defers at once', async () => {
    app = await startDiscordApp();
    await campaignReady(app);
    const optout = await app.interact(commandPayload(OWNER, ['optout', 'import']));
    expect(optout.body.type).toBe(4);
    expect(textOfBody(optout.body.data)).toContain('/textbank optout import');
    const exported = await app.interact(commandPayload(OWNER, ['export'], { campaign: 'gotv' }));
    expect(exported.body).toEqual({ type: 5, data: { flags: 64 } });
    await app.settle();
  });

  it('gateway: the form is POSTed as the interaction callback (9), not a deferral', async () => {
    app = await startDiscordApp();
    await campaignReady(app);
    const payload = commandPayload(OWNER, ['import'], { campaign: 'gotv' });
    expect(await app.adapter.handleGatewayInteraction(payload)).toBe('answered');
    const callbacks = app.fake.of('POST', new RegExp(`^/interactions/${payload.id}/[^/]+/callback$`));
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]!.body).toMatchObject({ type: 9, data: { components: [{ type: 18, component: { type: 19 } }] } });
    expect(app.fake.of('PATCH', /\/messages\/@original$/)).toEqual([]);
    expect(FAKE_APP_ID).toBe(payload.application_id);
  });
});
