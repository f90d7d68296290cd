// The sandbox JSON API through fastify.inject: zod at the edge, one Invocation per request
// (fresh interaction id, R5.2b), replies applied to the right place and the right member.
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxState } from '../../../src/adapters/web/state.js';
import type { Invocation } from '../../../src/commands/framework/invocation.js';
import { apiHarness, type ApiHarness } from './support.js';

let h: ApiHarness;
afterEach(async () => {
  await h?.app.close();
});

async function state(memberId: string, query: Record<string, string> = {}): Promise<SandboxState> {
  const res = await h.app.inject({ method: 'GET', url: '/sandbox/api/state', query: { memberId, ...query } });
  expect(res.statusCode).toBe(200);
  return res.json() as SandboxState;
}
const post = (url: string, payload: unknown) => h.app.inject({ method: 'POST', url: `/sandbox/api/${url}`, payload: payload as Record<string, unknown> });
const view = (text: string) => ({ text, blocks: [{ type: 'section' as const, text }] });

describe('sandbox page', () => {
  it('serves the page at /sandbox/ and at / with the simulated-carrier notice and a strict CSP', async () => {
    h = await apiHarness();
    for (const url of ['/', '/sandbox', '/sandbox/']) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.body).toContain('Simulated carrier: no real texts leave this machine.');
      expect(res.body).not.toMatch(/\{\{(t:[\w.]+|lang|boot)\}\}/);
    }
    const boot = /<script type="application\/json" id="boot">([^<]*)<\/script>/.exec((await h.app.inject({ method: 'GET', url: '/sandbox/' })).body);
    const parsed = JSON.parse(boot?.[1] ?? '{}') as { roster: { id: string; name: string; hint: string }[]; strings: Record<string, string> };
    expect(parsed.roster.map((m) => m.name)).toEqual(['Olivia Organizer', 'Val Volunteer', 'Vic Volunteer']);
    expect(parsed.strings['phones.title']).toBe('Voter phones');
  });

  it('speaks Spanish with ?lang=es', async () => {
    h = await apiHarness();
    const res = await h.app.inject({ method: 'GET', url: '/sandbox/?lang=es' });
    expect(res.body).toContain('<html lang="es">');
    expect(res.body).toContain('Operador simulado: ningún mensaje real sale de esta máquina.');
  });

  it('can leave / to someone else', async () => {
    h = await apiHarness({ serveRoot: false });
    expect((await h.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/sandbox/' })).statusCode).toBe(200);
  });

  it('serves its CSS, its three scripts (nothing else) and the sample CSV', async () => {
    h = await apiHarness();
    const css = await h.app.inject({ method: 'GET', url: '/sandbox/assets/sandbox.css' });
    expect(css.headers['content-type']).toContain('text/css');
    const js = await h.app.inject({ method: 'GET', url: '/sandbox/assets/sandbox.js' });
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.body).toContain('/state?');
    for (const name of ['ui.js', 'modal.js']) expect((await h.app.inject({ method: 'GET', url: `/sandbox/assets/${name}` })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/sandbox/assets/..%2Fassets.ts' })).statusCode).toBe(404);
    const csv = await h.app.inject({ method: 'GET', url: '/sandbox/sample-voters.csv' });
    expect(csv.body.split('\n')[0]).toBe('first_name,last_name,cell_phone,zip,language,precinct,van_id');
  });
});

describe('sandbox API validation', () => {
  it('refuses bad bodies with 400 and a readable message', async () => {
    h = await apiHarness();
    const cases: [string, unknown][] = [
      ['command', { memberId: 'U-val', channelId: 'campaign' }],
      ['command', { memberId: 'U-val', channelId: 'campaign', text: '   ' }],
      ['command', { memberId: 'U-val', channelId: 'campaign', text: '/textbank help', admin: true }],
      ['action', { memberId: 'U-val', actionId: 'send' }],
      ['modal', { memberId: 'U-val', modalId: 'm', values: { a: 5 } }],
      ['thread', { memberId: 'U-val', channelId: 'campaign', threadId: 'm1', text: 'x'.repeat(1601) }],
      ['phone', { from: '2025550143', body: 'hi' }],
    ];
    for (const [url, payload] of cases) {
      const res = await post(url, payload);
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
    }
    for (const payload of ['"just a string"', '{not json', 'null']) {
      const res = await h.app.inject({ method: 'POST', url: '/sandbox/api/command', headers: { 'content-type': 'application/json' }, payload });
      expect(res.statusCode, payload).toBe(400);
    }
    expect(h.invocations).toEqual([]);
    const res = await post('command', { memberId: 'U-val', channelId: 'campaign' });
    expect(res.json()).toMatchObject({ error: 'invalid', message: expect.stringContaining('text') });
  });

  it('refuses an unknown member with 400 on every route', async () => {
    h = await apiHarness();
    for (const [url, payload] of [
      ['command', { memberId: 'U-mallory', channelId: 'campaign', text: '/textbank help' }],
      ['action', { memberId: 'U-mallory', actionId: 'send', messageId: 'm1' }],
      ['modal', { memberId: 'U-mallory', modalId: 'x', values: {} }],
      ['thread', { memberId: 'U-mallory', channelId: 'campaign', threadId: 'm1', text: 'hi' }],
    ] as const) {
      const res = await post(url, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'unknownMember', message: 'There is no member U-mallory in this workspace.' });
    }
    expect((await h.app.inject({ method: 'GET', url: '/sandbox/api/state?memberId=U-mallory' })).statusCode).toBe(400);
    expect(h.invocations).toEqual([]);
  });

  it("refuses another member's DM channel and messages the member cannot see", async () => {
    h = await apiHarness();
    const dm = h.chat.dmChannelId('U-vic');
    expect((await post('command', { memberId: 'U-val', channelId: dm, text: '/textbank help' })).statusCode).toBe(400);
    const secret = h.chat.postEphemeral('U-vic', 'campaign', view('for Vic'));
    const res = await post('action', { memberId: 'U-val', actionId: 'send', messageId: secret.id });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'unknownMessage' });
    expect(h.invocations).toEqual([]);
  });
});

describe('sandbox API invocations and replies', () => {
  it('builds a sandbox command invocation with a fresh interaction id per request (R5.2b)', async () => {
    h = await apiHarness();
    for (let i = 0; i < 2; i += 1) expect((await post('command', { memberId: 'U-olivia', channelId: 'campaign', text: '/textbank  campaign create "GOTV 2026"', lang: 'es' })).statusCode).toBe(200);
    const [a, b] = h.invocations as [Extract<Invocation, { kind: 'command' }>, Extract<Invocation, { kind: 'command' }>];
    expect(a).toMatchObject({
      kind: 'command',
      channelId: 'campaign',
      text: 'campaign create "GOTV 2026"',
      actor: { platform: 'sandbox', orgExternalId: 'SANDBOX', userId: 'U-olivia', displayName: 'Olivia Organizer', locale: 'es', isPlatformAdmin: true },
    });
    expect(a.interactionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.interactionId).not.toBe(b.interactionId);
    expect(a.attachments).toBeUndefined();
  });

  it('shows an ephemeral reply only to the member who acted', async () => {
    h = await apiHarness();
    h.answer(() => [{ kind: 'ephemeral', view: view('Only for Val') }]);
    const res = await post('command', { memberId: 'U-val', channelId: 'campaign', text: '/textbank claim' });
    expect(res.json()).toMatchObject({ ok: true });
    const val = await state('U-val');
    const vic = await state('U-vic');
    expect(val.messages).toHaveLength(1);
    expect(val.messages[0]).toMatchObject({ ephemeral: true, bot: true, author: 'Textbank' });
    expect(val.messages[0]?.html).toContain('Only for Val');
    expect(vic.messages).toEqual([]);
    expect((await state('U-olivia')).messages).toEqual([]);
  });

  it('posts channel replies for everyone and DM replies to that member only', async () => {
    h = await apiHarness();
    h.answer(() => [
      { kind: 'channel', view: view('Campaign is live') },
      { kind: 'dm', memberId: 'U-vic', view: view('Psst, Vic') },
    ]);
    await post('command', { memberId: 'U-olivia', channelId: 'campaign', text: '/textbank post gotv' });
    for (const m of ['U-olivia', 'U-val', 'U-vic']) expect((await state(m)).messages.map((x) => x.html)).toEqual([expect.stringContaining('Campaign is live')]);
    const vicDm = h.chat.dmChannelId('U-vic');
    expect((await state('U-vic', { channelId: vicDm })).messages[0]?.html).toContain('Psst, Vic');
    const valView = await state('U-val', { channelId: vicDm });
    expect(valView.channel.id).toBe('campaign'); // Val cannot open Vic's DM: she gets the channel
    expect(valView.channels.map((c) => c.id)).toEqual(['campaign', h.chat.dmChannelId('U-val')]);
  });

  it('an update replaces the message whose button was pressed, and the action invocation names it', async () => {
    h = await apiHarness();
    const card = await h.chat.post('campaign', { text: 'card', blocks: [{ type: 'actions', elements: [{ type: 'button', id: 'send', label: 'Send', value: 'c1' }] }] });
    h.answer(() => [{ kind: 'update', view: view('Next voter') }]);
    const res = await post('action', { memberId: 'U-val', actionId: 'send', value: 'c1', messageId: card.messageId });
    expect(res.statusCode).toBe(200);
    expect(h.invocations[0]).toMatchObject({ kind: 'action', actionId: 'send', value: 'c1', channelId: 'campaign', message: { platform: 'sandbox', channelId: 'campaign', messageId: card.messageId } });
    const s = await state('U-val');
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]).toMatchObject({ id: card.messageId, edited: true });
    expect(s.messages[0]?.html).toContain('Next voter');
  });

  it('returns modals and modal errors to the page, and passes uploaded files as attachments on this server', async () => {
    h = await apiHarness();
    h.answer((inv) => (inv.kind === 'command' ? [{ kind: 'modal', modal: { id: 'import', title: 'Import', submitLabel: 'Go', privateValue: 'camp1', inputs: [{ id: 'file', label: 'CSV', kind: 'file' }] } }] : [{ kind: 'modalErrors', errors: { file: 'Bad file' } }]));
    const opened = await post('command', { memberId: 'U-olivia', channelId: 'campaign', text: '/textbank import' });
    expect(opened.json()).toMatchObject({ modal: { id: 'import', privateValue: 'camp1' } });
    const up = await h.app.inject({ method: 'POST', url: '/sandbox/api/upload?name=voters.csv', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from('phone\n2025550143\n') });
    expect(up.statusCode).toBe(200);
    const { uploadId } = up.json() as { uploadId: string };
    const submitted = await post('modal', { memberId: 'U-olivia', modalId: 'import', privateValue: 'camp1', values: {}, files: { file: { uploadId } }, channelId: 'campaign' });
    expect(submitted.json()).toMatchObject({ ok: true, modalErrors: { file: 'Bad file' } });
    const inv = h.invocations[1] as Extract<Invocation, { kind: 'modal' }>;
    expect(inv).toMatchObject({ kind: 'modal', modalId: 'import', privateValue: 'camp1', channelId: 'campaign', attachments: [{ name: 'voters.csv', size: 17 }] });
    const url = new URL(inv.attachments?.[0]?.url ?? '');
    expect(url.pathname).toBe(`/sandbox/api/upload/${uploadId}`);
    expect(inv.values.file).toBe(inv.attachments?.[0]?.url);
    const download = await h.app.inject({ method: 'GET', url: url.pathname });
    expect(download.body).toBe('phone\n2025550143\n');
    expect(download.headers['content-disposition']).toBe('attachment; filename="voters.csv"');
    expect((await post('modal', { memberId: 'U-olivia', modalId: 'import', values: {}, files: { file: { uploadId: 'nope' } } })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: '/sandbox/api/upload/nope' })).statusCode).toBe(404);
  });

  it('accepts uploads above the server-wide JSON limit (up to maxUploadBytes) and refuses larger ones', async () => {
    h = await apiHarness({ maxUploadBytes: 3 * 1024 * 1024 });
    const upload = (size: number) =>
      h.app.inject({ method: 'POST', url: '/sandbox/api/upload?name=big.csv', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(size, 0x61) });
    const ok = await upload(2 * 1024 * 1024);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'big.csv', size: 2 * 1024 * 1024 });
    expect((await upload(4 * 1024 * 1024)).statusCode).toBe(413);
    expect((await h.app.inject({ method: 'POST', url: '/sandbox/api/upload', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from('x') })).statusCode).toBe(400);
  });

  it('commands can attach the bundled sample CSV by its upload id, even after many uploads; URLs use baseUrl when set', async () => {
    h = await apiHarness({ baseUrl: 'http://localhost:3000/' });
    for (let i = 0; i < 60; i += 1) h.chat.putFile({ name: `f${i}.csv`, content: 'phone\n' });
    await post('command', { memberId: 'U-olivia', channelId: 'campaign', text: '/textbank import demo', attachments: [{ uploadId: 'sample-voters' }] });
    const inv = h.invocations[0] as Extract<Invocation, { kind: 'command' }>;
    expect(inv.attachments?.[0]).toMatchObject({ name: 'sample-voters.csv', url: 'http://localhost:3000/sandbox/api/upload/sample-voters' });
    const res = await h.app.inject({ method: 'GET', url: new URL(inv.attachments?.[0]?.url ?? '').pathname });
    expect(res.body.split('\n').filter(Boolean)).toHaveLength(41);
  });

  it('a member typing in a thread is shown there and becomes a thread_message; thread replies go to the hook', async () => {
    const delivered: { conversationId: string; text: string }[] = [];
    h = await apiHarness({ postToConversation: async (conversationId, v) => void delivered.push({ conversationId, text: v.text }) });
    const root = await h.chat.startThread('campaign', view('Maria replied'));
    h.answer(() => [{ kind: 'thread', conversationId: 'conv1', view: view('sent') }]);
    const res = await post('thread', { memberId: 'U-val', channelId: 'campaign', threadId: root.threadId, text: 'Great! <b>see you</b>' });
    expect(res.statusCode).toBe(200);
    expect(h.invocations[0]).toMatchObject({ kind: 'thread_message', channelId: 'campaign', threadId: root.threadId, text: 'Great! <b>see you</b>', actor: { userId: 'U-val' } });
    expect(delivered).toEqual([{ conversationId: 'conv1', text: 'sent' }]);
    const s = await state('U-val', { threadId: root.threadId ?? '' });
    expect(s.messages[0]).toMatchObject({ replyCount: 1, repliesLabel: '1 reply' });
    expect(s.thread?.replies.map((r) => [r.author, r.html])).toEqual([['Val Volunteer', 'Great! &lt;b&gt;see you&lt;/b&gt;']]);
  });

  it('without the hook, a thread reply goes into the thread the member acted in', async () => {
    h = await apiHarness();
    const root = await h.chat.startThread('campaign', view('Maria replied'));
    h.answer(() => [{ kind: 'thread', conversationId: 'conv1', view: view('Texted Maria') }]);
    await post('thread', { memberId: 'U-val', channelId: 'campaign', threadId: root.threadId, text: 'hello' });
    const s = await state('U-vic', { threadId: root.threadId ?? '' });
    expect(s.thread?.replies.map((r) => r.author)).toEqual(['Val Volunteer', 'Textbank']);
  });

  it('plain messages are posted as the member; other slash commands get a hint', async () => {
    h = await apiHarness();
    await post('command', { memberId: 'U-vic', channelId: 'campaign', text: 'hello **team** <i>' });
    await post('command', { memberId: 'U-vic', channelId: 'campaign', text: '/giphy cats' });
    expect(h.invocations).toEqual([]);
    const vic = await state('U-vic');
    expect(vic.messages.map((m) => [m.author, m.html, m.ephemeral])).toEqual([
      ['Vic Volunteer', 'hello **team** &lt;i&gt;', false],
      ['Textbank', expect.stringContaining('Only /textbank commands work'), true],
    ]);
    expect((await state('U-val')).messages).toHaveLength(1);
  });

  it('interim replies (import progress) show at once as one ephemeral message, replaced by each update and by the final reply', async () => {
    h = await apiHarness();
    h.answer(async (inv) => {
      if (inv.kind !== 'command' || !inv.interim) throw new Error('no interim');
      await inv.interim({ kind: 'ephemeral', view: view('Reading 0 rows') });
      await inv.interim({ kind: 'ephemeral', view: view('Reading 500 rows') });
      const during = h.chat.messagesFor('U-olivia', 'campaign');
      expect(during.map((m) => [m.view.text, m.visibleTo])).toEqual([['Reading 500 rows', 'U-olivia']]);
      return [{ kind: 'ephemeral', view: view('Imported 500') }];
    });
    await post('command', { memberId: 'U-olivia', channelId: 'campaign', text: '/textbank import gotv' });
    const s = await state('U-olivia');
    // The final reply replaces the progress message (one message, edited in place).
    expect(s.messages.map((m) => [m.html, m.edited])).toEqual([[expect.stringContaining('Imported 500'), true]]);
    expect((await state('U-val')).messages).toEqual([]);
  });

  it('answers 500 with a generic message when handling throws', async () => {
    h = await apiHarness();
    h.answer(() => {
      throw new Error('boom');
    });
    const res = await post('command', { memberId: 'U-val', channelId: 'campaign', text: '/textbank claim' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ error: 'unexpected' });
    expect(res.body).not.toContain('boom');
  });

  it('passes voter replies from the phones panel to the carrier; unknown phones get 400', async () => {
    h = await apiHarness();
    h.phones.push({ phone: '+12025550143', texts: [{ from: 'org', body: 'Hi Maria', at: '2026-11-17T17:00:00.000Z' }], lastAt: '2026-11-17T17:00:00.000Z' });
    expect((await post('phone', { from: '+12025550143', body: 'STOP' })).statusCode).toBe(200);
    expect(h.phoneReplies).toEqual([{ from: '+12025550143', body: 'STOP' }]);
    const res = await post('phone', { from: '+13125550146', body: 'hi' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'unknownPhone' });
    expect((await state('U-val')).phones).toHaveLength(1);
  });
});
