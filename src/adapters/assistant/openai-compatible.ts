// ReplyAssistant over an OpenAI-compatible chat-completions API (POST {base}/chat/completions,
// Bearer key, JSON mode). It only proposes: the offline rules answer whenever the org keeps
// voter text inside Textbank, the call fails, stalls past the timeout or answers something that
// does not parse; and the legal opt-out reading (classifyInbound, R1.4) always bounds it.
// Neither the voter's text nor the key ever reaches a log line.
import { z } from 'zod';
import { classifyInbound } from '../../core/compliance/classify-inbound.js';
import type { EngineLogger } from '../../core/campaigns/engine-deps.js';
import type { ReplyAssistant, ReplyAssistantInput } from '../../core/ports.js';
import { createRulesAssistant, MAX_DRAFT_CHARS, PROBABLE_OPT_OUT_MAX_CONFIDENCE, TriageIntent, type MessageTriage } from '../../core/triage/index.js';

export const DEFAULT_ASSISTANT_TIMEOUT_MS = 2_000;

export interface OpenAiCompatibleAssistantConfig {
  /** Base URL, e.g. https://api.openai.com/v1 (the adapter appends /chat/completions). */
  url: string;
  apiKey?: string;
  model: string;
  /** Abort the call after this many ms and answer with the rules; default 2 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  log?: Pick<EngineLogger, 'warn'>;
}

/** What the model must answer (JSON mode). An answer outside it falls back to the rules. */
export const AssistantAnswer = z.object({
  intent: TriageIntent,
  confidence: z.number().min(0).max(1),
  draft: z.string().max(MAX_DRAFT_CHARS).nullish(),
});

const ChatCompletion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

const SYSTEM_PROMPT = [
  'You read replies that voters send to a campaign volunteer by SMS (English or Spanish).',
  `Answer with one JSON object only: {"intent": one of ${TriageIntent.options.join('|')}, "confidence": a number 0..1, "draft": a short SMS reply the volunteer could send (at most ${MAX_DRAFT_CHARS} characters, in the voter's language) or null}.`,
  'intent: yes/no/maybe answer the campaign\'s question; question asks something; wrong_number, deceased, moved, already_voted say so; opt_out asks to stop being contacted; hostile insults or threatens; other is anything else.',
  'Prefer one of the campaign\'s canned replies as the draft when one fits. Never draft a reply to an opt_out or hostile message (use null).',
].join('\n');

function requestBody(model: string, input: ReplyAssistantInput): unknown {
  const user = {
    reply: input.text,
    ...(input.lang ? { language: input.lang } : {}),
    ...(input.context?.question ? { question: input.context.question } : {}),
    ...(input.context?.answers?.length ? { survey_answers: input.context.answers } : {}),
    ...(input.context?.canned?.length ? { canned_replies: input.context.canned } : {}),
  };
  return {
    model,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: JSON.stringify(user) },
    ],
    response_format: { type: 'json_object' },
    temperature: 0,
    max_tokens: 300,
  };
}

/** Why a call fell back to the rules: a closed set, safe to log (no text, no key). */
type FallbackReason = 'timeout' | 'network' | 'http' | 'bad_response';

export function createOpenAiCompatibleAssistant(config: OpenAiCompatibleAssistantConfig): ReplyAssistant {
  const rules = createRulesAssistant();
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? DEFAULT_ASSISTANT_TIMEOUT_MS;
  const endpoint = `${config.url.replace(/\/+$/, '')}/chat/completions`;

  const fallback = (reason: FallbackReason, orgId: string, status?: number): void => {
    config.log?.warn({ orgId, reason, ...(status ? { status } : {}) }, 'reply assistant unavailable; the rules read this reply');
  };

  async function ask(input: ReplyAssistantInput): Promise<z.infer<typeof AssistantAnswer> | undefined> {
    let res: Response;
    try {
      res = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
        body: JSON.stringify(requestBody(config.model, input)),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      fallback(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network', input.orgId);
      return undefined;
    }
    try {
      if (!res.ok) {
        await res.body?.cancel();
        fallback('http', input.orgId, res.status);
        return undefined;
      }
      const completion = ChatCompletion.safeParse(await res.json());
      const content = completion.success ? completion.data.choices[0]?.message.content : null;
      const answer = content ? AssistantAnswer.safeParse(JSON.parse(content)) : undefined;
      if (!answer?.success) {
        fallback('bad_response', input.orgId);
        return undefined;
      }
      return answer.data;
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      fallback(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'bad_response', input.orgId);
      return undefined;
    }
  }

  return {
    kind: 'remote',
    async read(input: ReplyAssistantInput): Promise<MessageTriage> {
      const byRules = await rules.read(input);
      // The org keeps voter text inside Textbank: no call at all.
      if (!input.shareVoterText) return byRules;
      const legal = classifyInbound(input.text, input.lang ?? 'en');
      // R1.4: an opt-out is the law's reading, not a model's; nothing to ask (and no draft).
      if (legal.kind === 'opt_out') return byRules;
      const answer = await ask(input);
      if (!answer) return byRules;
      // R1.4(b): a probable opt-out is never a yes or a maybe, and an opt-out stays a proposal.
      if (legal.kind === 'probable_opt_out' && (answer.intent === 'yes' || answer.intent === 'maybe')) return byRules;
      const confidence = legal.kind === 'probable_opt_out' && answer.intent === 'opt_out' ? Math.min(answer.confidence, PROBABLE_OPT_OUT_MAX_CONFIDENCE) : answer.confidence;
      const draft = answer.intent === 'opt_out' || answer.intent === 'hostile' ? undefined : answer.draft?.trim();
      return { intent: answer.intent, confidence, rule: 'assistant', source: 'assistant', ...(draft ? { draft } : {}) };
    },
  };
}
