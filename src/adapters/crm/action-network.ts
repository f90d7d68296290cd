// Action Network (OSDI API v2) behind the CrmSync port.
//
// What Action Network's documentation says, and what this client does with it:
// - Every call carries the `OSDI-API-Token` header; base https://actionnetwork.org/api/v2
//   (actionnetwork.org/docs/v2). Collections are paged, at most 25 per page (the API entry point's
//   max_page_size), with a `_links.next` link.
// - Tags (actionnetwork.org/docs/v2/tags): GET /tags lists them as `_embedded['osdi:tags']`
//   ({ name, identifiers }); POST /tags { name } creates one. Tags exist only for group API keys.
// - The person signup helper (actionnetwork.org/docs/v2/person_signup_helper) is the one way to
//   write a person: POST /people { person, add_tags }. It matches and deduplicates by email address
//   and phone number, so re-running a push finds the same person and answers the same identifier
//   (`action_network:<id>`), which we return as the externalId. Tags are added by name.
// - SMS opt-out: "people's mobile subscription status ... will not be changed unless you pass
//   subscribed or unsubscribed" in the phone's status. We pass `status: 'unsubscribed'` on the
//   phone number for an opted-out voter, and no status otherwise: a P2P conversation is no consent
//   to the group's mass-text list, and new numbers join that list unsubscribed by default.
// - Action Network has no canvass result codes and no contact history for a text, and its survey
//   forms are not per-question canvass data. So the catalog offers no result codes, tags stand in
//   for activist codes (id = the tag's name, since add_tags takes names), and a survey answer is
//   the tag "<question>: <answer>". Tags of that form found in the group are offered back as
//   survey questions; a question the group has no tags for yet can still be pushed with our own
//   question text and answer label as ids, and its tag is created.
// - Errors come as { error: "..." }; 429 and 5xx are retryable.
import { z } from 'zod';
import type { CrmCatalog, CrmPersonUpdate, CrmPushResult, CrmSync } from '../../core/ports.js';
import { createBatchRunner } from './batch.js';
import { checkBaseUrl, createLimiter, CrmRequestError, errorFor, requestJson, withReadRetries, type FetchLike, type JsonResponse } from './http.js';

export const ACTION_NETWORK_API_BASE = 'https://actionnetwork.org/api/v2';
const MAX_PAGES = 400;
/** Between the question and the answer in a survey tag; the last one counts (questions may hold ": "). */
export const SURVEY_TAG_SEPARATOR = ': ';

const TagsPage = z.object({
  total_pages: z.number().optional(),
  page: z.number().optional(),
  _links: z.object({ next: z.object({ href: z.string() }).optional() }).partial().optional(),
  _embedded: z.object({ 'osdi:tags': z.array(z.object({ name: z.string() })) }).partial().optional(),
});

const PersonAnswer = z.object({ identifiers: z.array(z.string()) });
const AnError = z.object({ error: z.string() });

export interface ActionNetworkCrmOptions {
  apiKey: string;
  baseUrl?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** People written at once (default 2) and request starts per second (default 4). */
  concurrency?: number;
  perSecond?: number;
}

export function surveyTag(questionId: string, responseId: string): string {
  return `${questionId}${SURVEY_TAG_SEPARATOR}${responseId}`;
}

/** Tags of the form "<question>: <answer>", grouped into survey questions. */
export function surveyQuestionsFromTags(names: readonly string[]): CrmCatalog['surveyQuestions'] {
  const byQuestion = new Map<string, string[]>();
  for (const name of names) {
    const at = name.lastIndexOf(SURVEY_TAG_SEPARATOR);
    if (at <= 0 || at + SURVEY_TAG_SEPARATOR.length >= name.length) continue;
    const q = name.slice(0, at);
    const list = byQuestion.get(q) ?? [];
    list.push(name.slice(at + SURVEY_TAG_SEPARATOR.length));
    byQuestion.set(q, list);
  }
  return [...byQuestion].map(([q, answers]) => ({ id: q, name: q, responses: answers.map((a) => ({ id: a, name: a })) }));
}

/** A short, key-free, phone-free and email-free description of an Action Network error answer. */
export function anErrorDetail(body: unknown, fallback: string): string {
  const parsed = AnError.safeParse(body);
  return parsed.success ? parsed.data.error.replace(/\+?\d{7,}/g, '[number]').replace(/[^\s@]+@[^\s@]+/g, '[email]').slice(0, 300) : fallback;
}

export function createActionNetworkCrm(opts: ActionNetworkCrmOptions): CrmSync {
  const base = checkBaseUrl(opts.baseUrl ?? ACTION_NETWORK_API_BASE, 'Action Network');
  const origin = new URL(base).origin;
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const limit = createLimiter(opts.concurrency ?? 2, opts.perSecond ?? 4);
  const runner = createBatchRunner(opts.concurrency ?? 2);
  const headers = { 'OSDI-API-Token': opts.apiKey };
  /** Names of the group's tags, loaded once per client and extended as we create tags. */
  let tags: Promise<Set<string>> | undefined;
  const creating = new Map<string, Promise<void>>();

  const call = (method: 'GET' | 'POST', url: string, body?: unknown): Promise<JsonResponse> =>
    limit(() => requestJson({ method, url, body, headers, timeoutMs, fetch: doFetch }));

  const onBase = (link: string): string => {
    const u = new URL(link, `${base}/`);
    return `${origin}${u.pathname}${u.search}`;
  };

  async function listTags(): Promise<string[]> {
    const names: string[] = [];
    let url: string | undefined = `${base}/tags?page=1`;
    for (let n = 0; url !== undefined && n < MAX_PAGES; n++) {
      const pageUrl: string = url;
      const page = await withReadRetries(async () => {
        const res = await call('GET', pageUrl);
        if (res.status !== 200) throw errorFor(res, anErrorDetail(res.body, `Action Network answered ${res.status} to the tag list`));
        const parsed = TagsPage.safeParse(res.body);
        if (!parsed.success) throw new CrmRequestError('unavailable', true, res.status, 'Action Network sent an unexpected tag list');
        return parsed.data;
      });
      const items = page._embedded?.['osdi:tags'] ?? [];
      names.push(...items.map((t) => t.name));
      const last = page.total_pages !== undefined && page.page !== undefined && page.page >= page.total_pages;
      url = items.length > 0 && !last && page._links?.next?.href ? onBase(page._links.next.href) : undefined;
    }
    return names;
  }

  function knownTags(): Promise<Set<string>> {
    tags ??= listTags()
      .then((names) => new Set(names))
      .catch((error: unknown) => {
        tags = undefined;
        throw error;
      });
    return tags;
  }

  async function ensureTag(name: string): Promise<void> {
    const known = await knownTags();
    if (known.has(name)) return;
    let pending = creating.get(name);
    if (!pending) {
      pending = (async () => {
        const res = await call('POST', `${base}/tags`, { name });
        if (res.status !== 200 && res.status !== 201) throw errorFor(res, anErrorDetail(res.body, `Action Network answered ${res.status} creating a tag`));
        known.add(name);
      })().finally(() => creating.delete(name));
      creating.set(name, pending);
    }
    await pending;
  }

  async function pushOne(u: CrmPersonUpdate): Promise<CrmPushResult> {
    if (u.resultCode !== undefined) {
      return { contactId: u.contactId, ok: false, reason: 'invalid', retryable: false, detail: 'Action Network has no result codes' };
    }
    const addTags = [...new Set([...u.activistCodes, ...u.surveyResponses.map((s) => surveyTag(s.questionId, s.responseId))])];
    for (const name of addTags) await ensureTag(name);

    const phone: Record<string, string> = { number: u.person.phone.replace(/^\+/, ''), number_type: 'Mobile' };
    if (u.optedOut) phone.status = 'unsubscribed';
    const person: Record<string, unknown> = {
      ...(u.person.firstName ? { given_name: u.person.firstName } : {}),
      ...(u.person.lastName ? { family_name: u.person.lastName } : {}),
      ...(u.person.email ? { email_addresses: [{ address: u.person.email }] } : {}),
      phone_numbers: [phone],
      ...(u.person.zip ? { postal_addresses: [{ postal_code: u.person.zip }] } : {}),
    };
    const res = await call('POST', `${base}/people`, { person, ...(addTags.length > 0 ? { add_tags: addTags } : {}) });
    if (res.status !== 200 && res.status !== 201) throw errorFor(res, anErrorDetail(res.body, `Action Network answered ${res.status} to the person signup`));
    const parsed = PersonAnswer.safeParse(res.body);
    const id = parsed.success ? parsed.data.identifiers.find((i) => i.startsWith('action_network:'))?.slice('action_network:'.length) : undefined;
    return id ? { contactId: u.contactId, ok: true, externalId: id } : { contactId: u.contactId, ok: true };
  }

  return {
    kind: 'action_network',
    async verify() {
      try {
        const res = await call('GET', `${base}/tags?page=1`);
        if (res.status === 200) return { ok: true };
        return { ok: false, reason: res.status === 401 || res.status === 403 ? 'unauthorized' : 'unavailable' };
      } catch {
        return { ok: false, reason: 'unavailable' };
      }
    },
    async catalog(): Promise<CrmCatalog> {
      tags = undefined;
      const names = [...(await knownTags())];
      return {
        surveyQuestions: surveyQuestionsFromTags(names),
        activistCodes: names.map((n) => ({ id: n, name: n })),
        resultCodes: [],
      };
    },
    push: (batch) => runner.run(batch, pushOne),
  };
}
