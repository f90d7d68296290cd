// The sandbox's in-memory chat workspace as a ChatGateway, and the phones panel over the
// simulated carrier (tests are a composition point, so the carrier adapter is imported here).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSandboxChat } from '../../../src/adapters/web/sandbox-chat.js';
import { createCarrierPhonePanel, PhoneReplyError } from '../../../src/adapters/web/phones.js';
import { sampleCsvPath, sampleVoterNames } from '../../../src/adapters/web/assets.js';
import { PAGE_KEYS } from '../../../src/adapters/web/page-strings.js';
import { createSimulatedCarrier } from '../../../src/adapters/simulated-sms/index.js';
import { normalizePhone } from '../../../src/core/contacts/phone.js';
import { loadResources } from '../../../src/app/i18n.js';

const v = (text: string) => ({ text, blocks: [] });

describe('createSandboxChat', () => {
  it('posts, updates, threads and DMs, bumping the version on every change', async () => {
    const chat = createSandboxChat();
    const v0 = chat.version();
    const ref = await chat.post('campaign', v('hello'));
    expect(ref).toMatchObject({ platform: 'sandbox', channelId: 'campaign' });
    expect(chat.version()).toBe(v0 + 1);
    await chat.update(ref, v('hello again'));
    expect(chat.version()).toBe(v0 + 2);
    expect(chat.message(ref.messageId ?? '')).toMatchObject({ edited: true, view: { text: 'hello again' } });

    const thread = await chat.startThread('campaign', v('Maria replied'), { name: 'Maria', memberIds: ['U-val'] });
    expect(thread.threadId).toBe(thread.messageId);
    const inThread = await chat.postInThread(thread, v('reply 1'));
    expect(inThread.threadId).toBe(thread.threadId);
    // Posting "in the thread of a reply" lands in the same thread.
    await chat.postInThread({ platform: 'sandbox', channelId: 'campaign', messageId: inThread.messageId ?? '' }, v('reply 2'));
    expect(chat.threadFor('U-vic', thread.threadId ?? '').map((m) => m.view.text)).toEqual(['reply 1', 'reply 2']);
    expect(chat.messagesFor('U-vic', 'campaign').map((m) => m.view.text)).toEqual(['hello again', 'Maria replied']);
    await expect(chat.postInThread({ platform: 'sandbox', channelId: 'campaign', threadId: 'nope' }, v('x'))).rejects.toThrow(/no message/);
    await expect(chat.update({ platform: 'sandbox', channelId: 'campaign', messageId: 'nope' }, v('x'))).rejects.toThrow(/no message/);

    const dm = await chat.dm('U-val', v('just for Val'));
    expect(dm.channelId).toBe(chat.dmChannelId('U-val'));
    expect(chat.messagesFor('U-val', dm.channelId).map((m) => m.view.text)).toEqual(['just for Val']);
    expect(chat.messagesFor('U-vic', dm.channelId)).toEqual([]);
    expect(chat.channels().map((c) => [c.id, c.kind])).toEqual([['campaign', 'channel'], [dm.channelId, 'dm']]);
  });

  it('keeps ephemeral messages for one member', () => {
    const chat = createSandboxChat();
    const m = chat.postEphemeral('U-val', 'campaign', v('secret'));
    expect(chat.canSee('U-val', m)).toBe(true);
    expect(chat.canSee('U-vic', m)).toBe(false);
    expect(chat.messagesFor('U-vic', 'campaign')).toEqual([]);
  });

  it('uploads a file to the member DM with a download link, and keeps at most maxFiles files', async () => {
    const chat = createSandboxChat({ maxFiles: 2 });
    await chat.uploadFile('U-olivia', { name: 'export.csv', content: 'a,b\n1,2\n', title: 'GOTV export' });
    const [msg] = chat.messagesFor('U-olivia', chat.dmChannelId('U-olivia'));
    expect(msg?.view.text).toBe('GOTV export');
    const link = msg?.files?.[0];
    expect(link?.url).toMatch(/^\/sandbox\/api\/upload\/f\w+$/);
    const id = link?.url.split('/').pop() ?? '';
    expect(chat.getFile(id)).toMatchObject({ name: 'export.csv', contentType: 'text/csv; charset=utf-8' });
    expect(chat.getFile(id)?.content.toString()).toBe('a,b\n1,2\n');
    chat.putFile({ name: 'b.txt', content: 'b' });
    chat.putFile({ name: 'c.txt', content: 'c' });
    expect(chat.getFile(id)).toBeUndefined();
  });

  it('stamps messages with the clock it is given', async () => {
    const at = new Date('2026-11-17T17:00:00Z');
    const chat = createSandboxChat({ clock: { now: () => at } });
    const ref = await chat.post('campaign', v('x'));
    expect(chat.message(ref.messageId ?? '')?.at).toEqual(at);
  });
});

describe('createCarrierPhonePanel', () => {
  it('lists texted phones with their texts and routes a voter reply to the number that texted them', async () => {
    const inbound: { from: string; to: string; body: string }[] = [];
    let t = Date.parse('2026-11-17T17:00:00Z');
    const carrier = createSimulatedCarrier({ clock: { now: () => new Date((t += 1000)) }, onStatus: () => undefined, onInbound: (m) => void inbound.push(m) });
    const panel = createCarrierPhonePanel({ carrier, orgNumber: () => '+12025550100', nameOf: (p) => sampleVoterNames().get(p) });
    expect(panel.list()).toEqual([]);
    await carrier.send({ to: '+12025550143', body: 'Hi Maria', from: '+12025550199', idempotencyKey: 'm1' });
    await carrier.send({ to: '+13125550146', body: 'Hi Diego', messagingServiceSid: 'MG1', idempotencyKey: 'm2' });
    await panel.reply('+12025550143', 'Yes!');
    await panel.reply('+13125550146', 'STOP');
    expect(inbound.map((m) => [m.from, m.to, m.body])).toEqual([
      ['+12025550143', '+12025550199', 'Yes!'],
      ['+13125550146', '+12025550100', 'STOP'],
    ]);
    const list = panel.list();
    expect(list.map((p) => [p.phone, p.name, p.texts.map((x) => `${x.from}:${x.body}`)])).toEqual([
      ['+12025550143', 'Maria Garcia', ['org:Hi Maria', 'voter:Yes!']],
      ['+13125550146', 'Diego Morales', ['org:Hi Diego', 'voter:STOP']],
    ]);
    await expect(panel.reply('+14155550156', 'hi')).rejects.toBeInstanceOf(PhoneReplyError);
  });
});

describe('sample voters and page strings', () => {
  it('the sample CSV has ~40 fictional voters, phones only in 555-0100..555-0199, some in Spanish', () => {
    const [header, ...rows] = readFileSync(sampleCsvPath(), 'utf8').trim().split('\n');
    expect(header).toBe('first_name,last_name,cell_phone,zip,language,precinct,van_id');
    expect(rows.length).toBeGreaterThanOrEqual(35);
    const phones = rows.map((r) => r.split(',')[2] ?? '');
    for (const p of phones) {
      expect(p).toMatch(/^\(\d{3}\) 555-01\d\d$/);
      expect(normalizePhone(p, 'US')).toMatchObject({ ok: true });
    }
    expect(new Set(phones).size).toBe(phones.length);
    expect(rows.filter((r) => r.split(',')[4] === 'es').length).toBeGreaterThanOrEqual(10);
    expect(new Set(phones.map((p) => p.slice(1, 4))).size).toBeGreaterThanOrEqual(15);
    expect(sampleVoterNames(sampleCsvPath()).size).toBe(rows.length);
  });

  it('every page string exists, non-empty, in English and Spanish', () => {
    const res = loadResources();
    for (const lang of ['en', 'es'] as const) {
      const ns = res[lang]?.sandbox as Record<string, Record<string, string>>;
      for (const key of PAGE_KEYS) {
        const [group, name] = key.split('.') as [string, string];
        expect(ns[group]?.[name], `${lang} sandbox:${key}`).toMatch(/\S/);
      }
    }
  });
});
