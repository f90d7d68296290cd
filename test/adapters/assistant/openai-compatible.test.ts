import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiCompatibleAssistant } from '../../../src/adapters/assistant/index.js';
import type { ReplyAssistantInput } from '../../../src/core/ports.js';
import { MessageTriage } from '../../../src/core/triage/index.js';
import { FAKE_ASSISTANT_KEY, startFakeAssistant, type FakeAssistant } from '../../support/fake-assistant.js';

let fake: FakeAssistant;
const warnings: { obj: object; msg: string }[] = [];
const log = { warn: (obj: object, msg: string) => void warnings.push({ obj, msg }) };

beforeAll(async () => {
  fake = await startFakeAssistant();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.requests.length = 0;
  warnings.length = 0;
});

const assistant = (over: { timeoutMs?: number; apiKey?: string } = {}) =>
  createOpenAiCompatibleAssistant({ url: fake.url, apiKey: over.apiKey ?? FAKE_ASSISTANT_KEY, model: 'gpt-test', log, ...(over.timeoutMs ? { timeoutMs: over.timeoutMs } : {}) });

const input = (text: string, over: Partial<ReplyAssistantInput> = {}): ReplyAssistantInput => ({
  orgId: 'org1',
  text,
  lang: 'en',
  shareVoterText: true,
  context: { question: 'Can we count on your vote?', answers: ['Yes', 'No'], canned: ['You can find your polling place at vote.example.org'] },
  ...over,
});

/** Nothing logged carries the voter's text or the key. */
function expectCleanLogs(text: string): void {
  const logged = JSON.stringify(warnings);
  expect(logged).not.toContain(text);
  expect(logged).not.toContain(FAKE_ASSISTANT_KEY);
}

describe('OpenAI-compatible reply assistant', () => {
  it('posts a chat-completions request (Bearer key, path, model, messages, JSON mode) and returns its reading', async () => {
    fake.script({ content: JSON.stringify({ intent: 'question', confidence: 0.93, draft: 'You can find your polling place at vote.example.org' }) });
    const r = await assistant().read(input('where do i go on tuesday'));
    expect(MessageTriage.parse(r)).toEqual({ intent: 'question', confidence: 0.93, rule: 'assistant', source: 'assistant', draft: 'You can find your polling place at vote.example.org' });
    expect(fake.requests).toHaveLength(1);
    const [req] = fake.requests;
    expect(req?.path).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe(`Bearer ${FAKE_ASSISTANT_KEY}`);
    const body = req?.body as { model: string; messages: { role: string; content: string }[]; response_format: { type: string } };
    expect(body.model).toBe('gpt-test');
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(body.messages[0]?.content).toMatch(/JSON/);
    expect(JSON.parse(body.messages[1]?.content ?? '{}')).toMatchObject({ reply: 'where do i go on tuesday', question: 'Can we count on your vote?', survey_answers: ['Yes', 'No'] });
  });

  it('shareVoterText=false: the rules answer and no request is made', async () => {
    fake.script({ content: JSON.stringify({ intent: 'no', confidence: 1, draft: null }) });
    const r = await assistant().read(input('yes!', { shareVoterText: false }));
    expect(r).toMatchObject({ intent: 'yes', source: 'rules' });
    expect(fake.requests).toHaveLength(0);
  });

  it('falls back to the rules when the server stalls past the timeout', async () => {
    fake.script({ delayMs: 1_500, content: JSON.stringify({ intent: 'no', confidence: 1, draft: null }) });
    const started = Date.now();
    const r = await assistant({ timeoutMs: 100 }).read(input('yep count me in'));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(r).toMatchObject({ intent: 'yes', source: 'rules' });
    expect(warnings.map((w) => w.obj)).toEqual([{ orgId: 'org1', reason: 'timeout' }]);
    expectCleanLogs('yep count me in');
  });

  it('falls back to the rules on a reply that is not JSON', async () => {
    fake.script({ content: 'Sure! The voter said yes.' });
    const r = await assistant().read(input('nope'));
    expect(r).toMatchObject({ intent: 'no', source: 'rules' });
    expect(warnings.map((w) => w.obj)).toEqual([{ orgId: 'org1', reason: 'bad_response' }]);
  });

  it('falls back to the rules on JSON outside the schema (unknown intent, draft over 320 characters)', async () => {
    fake.script({ content: JSON.stringify({ intent: 'enthusiastic', confidence: 0.9 }) });
    expect(await assistant().read(input('maybe'))).toMatchObject({ intent: 'maybe', source: 'rules' });
    fake.script({ content: JSON.stringify({ intent: 'yes', confidence: 0.9, draft: 'x'.repeat(321) }) });
    expect(await assistant().read(input('maybe'))).toMatchObject({ intent: 'maybe', source: 'rules' });
  });

  it('falls back to the rules on a malformed body and on HTTP errors (bad key, 500)', async () => {
    fake.script({ raw: '{"choices": [' });
    expect(await assistant().read(input("I'm not Maria"))).toMatchObject({ intent: 'wrong_number', source: 'rules' });
    fake.script({ status: 500 });
    expect(await assistant().read(input('already voted'))).toMatchObject({ intent: 'already_voted', source: 'rules' });
    fake.script({ content: JSON.stringify({ intent: 'yes', confidence: 1, draft: null }) });
    expect(await assistant({ apiKey: 'sk-wrong-key-000000' }).read(input('he passed away'))).toMatchObject({ intent: 'deceased', source: 'rules' });
    expect(warnings.map((w) => w.obj)).toEqual([
      { orgId: 'org1', reason: 'bad_response' },
      { orgId: 'org1', reason: 'http', status: 500 },
      { orgId: 'org1', reason: 'http', status: 401 },
    ]);
    expectCleanLogs('he passed away');
  });

  it('falls back to the rules when nothing listens', async () => {
    const closed = createOpenAiCompatibleAssistant({ url: 'http://127.0.0.1:1/v1', model: 'gpt-test', log });
    expect(await closed.read(input('yes'))).toMatchObject({ intent: 'yes', source: 'rules' });
    expect(warnings.map((w) => w.obj)).toEqual([{ orgId: 'org1', reason: 'network' }]);
  });

  it('R1.4: an opt-out is never sent to the assistant and stays opt_out', async () => {
    fake.script({ content: JSON.stringify({ intent: 'yes', confidence: 1, draft: 'Great!' }) });
    const r = await assistant().read(input('STOP'));
    expect(r).toMatchObject({ intent: 'opt_out', source: 'rules' });
    expect(r.draft).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });

  it('R1.4(b): a probable opt-out read as yes or maybe by the assistant is overridden by the rules', async () => {
    fake.script({ content: JSON.stringify({ intent: 'yes', confidence: 0.99, draft: 'Thanks!' }) });
    const no = await assistant().read(input('No'));
    expect(no).toMatchObject({ intent: 'no', source: 'rules' });
    expect(no.draft).toBeUndefined();
    fake.script({ content: JSON.stringify({ intent: 'maybe', confidence: 0.99, draft: null }) });
    expect((await assistant().read(input('Leave me alone'))).intent).not.toMatch(/^(?:yes|maybe)$/);
    fake.script({ content: JSON.stringify({ intent: 'opt_out', confidence: 0.99, draft: 'Sorry' }) });
    const optOut = await assistant().read(input('not interested'));
    expect(optOut).toMatchObject({ intent: 'opt_out', source: 'assistant' });
    expect(optOut.confidence).toBeLessThan(0.9);
    expect(optOut.draft).toBeUndefined();
  });
});
