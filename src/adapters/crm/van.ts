// NGP VAN / EveryAction (API v4) behind the CrmSync port.
//
// What the VAN documentation and NGP VAN's own examples say, and what this client does with it:
// - Auth is HTTP Basic: user = the application name, password = `<apiKey>|<dbMode>`, 0 = My Voters,
//   1 = My Campaign (docs.ngpvan.com FAQ: "remember to include the |0 or |1 after your key").
//   Base URL https://api.securevan.com/v4.
// - `POST /echoes` answers a message back: the cheap call that proves a key (NGPVAN's sample calls).
// - `GET /surveyQuestions` and `GET /activistCodes` are paged ({ items, nextPageLink, count };
//   `$top` at most 200); `GET /canvassResponses/resultCodes` and `/contactTypes` are short lists.
// - `POST /people/{vanId}/canvassResponses` (204 No Content) takes `canvassContext { contactTypeId,
//   inputTypeId, dateCanvassed, phone?, omitActivistCodeContactHistory? }` and either a
//   `resultCodeId` or `responses` (SurveyResponse / ActivistCode 'Apply'), never both: "if
//   responses are specified, resultCodeId must be null" (docs.ngpvan.com/reference/
//   peoplevanidcanvassresponses). So a result code and responses for one person are two calls.
// - A contact attempt is logged only for a delivered text: then the context carries the "SMS Text"
//   contact type, input type 11 (API), the date of the text and the phone texted (the FAQ asks SMS
//   tools to say which phone was used). Without a delivered text only activist codes can be
//   applied, with omitActivistCodeContactHistory so VAN records no contact; survey answers and
//   result codes without one are refused as invalid rather than invented.
// - With no VAN ID, `POST /people/find` matches by name, phone, email and ZIP (302 or 200 with
//   { vanId, status: 'Matched' }, 404 when unmatched). We never findOrCreate: a texting tool must
//   not add people to a voter file.
// - Errors come as { errors: [{ code, text, properties }] }; 429 and 5xx are retryable.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CrmCatalog, CrmPersonUpdate, CrmPushResult, CrmSync } from '../../core/ports.js';
import { createBatchRunner } from './batch.js';
import { checkBaseUrl, createLimiter, CrmRequestError, errorFor, requestJson, withReadRetries, type FetchLike, type JsonResponse } from './http.js';
import { VanActivistCode, VanContactType, vanErrorDetail, vanListOrPage, VanMatch, vanPage, VanResultCode, VanSurveyQuestion } from './van-schemas.js';
import type { z } from 'zod';

export const VAN_API_BASE = 'https://api.securevan.com/v4';
/** VAN's input type for data entered through the API. */
export const VAN_INPUT_TYPE_API = 11;
const SMS_CONTACT_TYPE = /^sms( text)?$/i;
const MAX_PAGES = 200;

export type VanDatabaseMode = 0 | 1;

export interface VanCrmOptions {
  apiKey: string;
  appName: string;
  /** 0 = My Voters (the voter file, the default for voter texting), 1 = My Campaign / EveryAction. */
  mode?: VanDatabaseMode;
  baseUrl?: string;
  fetch?: FetchLike;
  /** The contact type for texts; looked up by name ("SMS Text") when not given. */
  contactTypeId?: number;
  timeoutMs?: number;
  /** People written at once (default 4) and request starts per second (default 10). */
  concurrency?: number;
  perSecond?: number;
}

export function createVanCrm(opts: VanCrmOptions): CrmSync {
  const base = checkBaseUrl(opts.baseUrl ?? VAN_API_BASE, 'VAN');
  const origin = new URL(base).origin;
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const limit = createLimiter(opts.concurrency ?? 4, opts.perSecond ?? 10);
  const runner = createBatchRunner(opts.concurrency ?? 4);
  const auth = `Basic ${Buffer.from(`${opts.appName}:${opts.apiKey}|${opts.mode ?? 0}`).toString('base64')}`;
  let smsContactType: Promise<number | undefined> | undefined;
  /**
   * Idempotency keys whose result code VAN already took while their responses failed: a retry of
   * the same update (the sync run retries 429/5xx) then sends only the responses, so VAN does not
   * log the contact twice.
   */
  const resultPosted = new Set<string>();

  const call = (method: 'GET' | 'POST', url: string, body?: unknown, manualRedirect = false): Promise<JsonResponse> =>
    limit(() => requestJson({ method, url, body, headers: { authorization: auth }, timeoutMs, fetch: doFetch, manualRedirect }));

  /** A link VAN handed back, re-pointed at our base origin so the key never goes elsewhere. */
  const onBase = (link: string): string => {
    const u = new URL(link, `${base}/`);
    return `${origin}${u.pathname}${u.search}`;
  };

  async function getJson<T extends z.ZodType>(url: string, schema: T, what: string): Promise<z.infer<T>> {
    return withReadRetries(async () => {
      const res = await call('GET', url);
      if (res.status !== 200) throw errorFor(res, vanErrorDetail(res.body, `VAN answered ${res.status} to ${what}`));
      const parsed = schema.safeParse(res.body);
      if (!parsed.success) throw new CrmRequestError('unavailable', true, res.status, `VAN sent an unexpected ${what} answer`);
      return parsed.data;
    });
  }

  async function getAllPages<T extends z.ZodType>(path: string, item: T, what: string): Promise<z.infer<T>[]> {
    const out: z.infer<T>[] = [];
    let url: string | undefined = `${base}${path}`;
    for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
      const data: { items: z.infer<T>[]; nextPageLink?: string | null } = await getJson(url, vanPage(item), what);
      out.push(...data.items);
      url = data.nextPageLink ? onBase(data.nextPageLink) : undefined;
    }
    return out;
  }

  function contactTypeId(): Promise<number | undefined> {
    if (opts.contactTypeId !== undefined) return Promise.resolve(opts.contactTypeId);
    smsContactType ??= getJson(`${base}/canvassResponses/contactTypes`, vanListOrPage(VanContactType), 'contact types')
      .then((types) => types.find((t) => SMS_CONTACT_TYPE.test(t.name.trim()))?.contactTypeId)
      .catch((error: unknown) => {
        smsContactType = undefined;
        throw error;
      });
    return smsContactType;
  }

  async function findVanId(u: CrmPersonUpdate): Promise<number> {
    const phone = u.person.phone.replace(/^\+/, '');
    const body = {
      ...(u.person.firstName ? { firstName: u.person.firstName } : {}),
      ...(u.person.lastName ? { lastName: u.person.lastName } : {}),
      phones: [{ phoneNumber: phone }],
      ...(u.person.email ? { emails: [{ email: u.person.email }] } : {}),
      ...(u.person.zip ? { addresses: [{ zipOrPostalCode: u.person.zip }] } : {}),
    };
    const res = await call('POST', `${base}/people/find`, body, true);
    if (res.status === 404) throw new CrmRequestError('not_found', false, 404, 'no VAN person matches this contact');
    if (res.status !== 200 && res.status !== 201 && res.status !== 302) throw errorFor(res, vanErrorDetail(res.body, `VAN answered ${res.status} to a person match`));
    const match = VanMatch.safeParse(res.body);
    const fromLocation = /\/people\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1];
    const vanId = (match.success ? match.data.vanId : null) ?? (fromLocation ? Number(fromLocation) : null);
    if (vanId === null) throw new CrmRequestError('not_found', false, res.status, 'VAN matched no person');
    return vanId;
  }

  async function postCanvass(vanId: number, body: Record<string, unknown>): Promise<void> {
    const res = await call('POST', `${base}/people/${vanId}/canvassResponses`, body);
    if (res.status !== 204 && res.status !== 200) {
      throw errorFor(res, vanErrorDetail(res.body, `VAN answered ${res.status} to the canvass response`));
    }
  }

  function phoneContext(e164: string): { dialingPrefix: string; phoneNumber: string } {
    const parsed = parsePhoneNumberFromString(e164);
    return parsed ? { dialingPrefix: parsed.countryCallingCode, phoneNumber: parsed.nationalNumber } : { dialingPrefix: '1', phoneNumber: e164.replace(/^\+1?/, '') };
  }

  const numeric = (id: string): number | undefined => (/^\d{1,10}$/.test(id) ? Number(id) : undefined);

  async function pushOne(u: CrmPersonUpdate): Promise<CrmPushResult> {
    const invalid = (detail: string): CrmPushResult => ({ contactId: u.contactId, ok: false, reason: 'invalid', retryable: false, detail });
    if (!u.texted && (u.surveyResponses.length > 0 || u.resultCode !== undefined)) {
      return invalid('survey responses and result codes need a delivered text (VAN would log a contact attempt)');
    }
    const responses: Record<string, unknown>[] = [];
    for (const s of u.surveyResponses) {
      const q = numeric(s.questionId);
      const r = numeric(s.responseId);
      if (q === undefined || r === undefined) return invalid(`survey ids must be VAN numbers (${s.questionId}/${s.responseId})`);
      responses.push({ type: 'SurveyResponse', surveyQuestionId: q, surveyResponseId: r });
    }
    for (const code of u.activistCodes) {
      const id = numeric(code);
      if (id === undefined) return invalid(`activist code ids must be VAN numbers (${code})`);
      responses.push({ type: 'ActivistCode', activistCodeId: id, action: 'Apply' });
    }
    const resultCodeId = u.resultCode === undefined ? undefined : numeric(u.resultCode);
    if (u.resultCode !== undefined && resultCodeId === undefined) return invalid(`result code ids must be VAN numbers (${u.resultCode})`);
    let vanId: number | undefined;
    if (u.externalId !== undefined) {
      vanId = numeric(u.externalId);
      if (vanId === undefined) return invalid('the VAN ID must be a number');
    }

    vanId ??= await findVanId(u);
    const ok: CrmPushResult = { contactId: u.contactId, ok: true, externalId: String(vanId) };
    if (responses.length === 0 && resultCodeId === undefined) return ok;

    let context: Record<string, unknown>;
    if (u.texted) {
      const typeId = await contactTypeId();
      if (typeId === undefined) return invalid('this VAN committee has no "SMS Text" contact type; set one in the CRM connection');
      context = { contactTypeId: typeId, inputTypeId: VAN_INPUT_TYPE_API, dateCanvassed: u.texted.at.toISOString(), phone: phoneContext(u.person.phone) };
    } else {
      context = { omitActivistCodeContactHistory: true };
    }
    if (resultCodeId !== undefined && !resultPosted.has(u.idempotencyKey)) {
      await postCanvass(vanId, { canvassContext: context, resultCodeId });
      resultPosted.add(u.idempotencyKey);
      if (resultPosted.size > 10_000) resultPosted.delete(resultPosted.values().next().value as string);
    }
    if (responses.length > 0) await postCanvass(vanId, { canvassContext: context, responses });
    resultPosted.delete(u.idempotencyKey);
    return ok;
  }

  return {
    kind: 'van',
    async verify() {
      try {
        const res = await call('POST', `${base}/echoes`, { message: 'Textbank connection check' });
        if (res.status === 200 || res.status === 201) return { ok: true };
        return { ok: false, reason: res.status === 401 || res.status === 403 ? 'unauthorized' : 'unavailable' };
      } catch {
        return { ok: false, reason: 'unavailable' };
      }
    },
    async catalog(): Promise<CrmCatalog> {
      const [questions, codes, results] = await Promise.all([
        getAllPages('/surveyQuestions?statuses=Active&$top=200', VanSurveyQuestion, 'survey questions'),
        getAllPages('/activistCodes?statuses=Active&$top=200', VanActivistCode, 'activist codes'),
        getJson(`${base}/canvassResponses/resultCodes`, vanListOrPage(VanResultCode), 'result codes'),
      ]);
      return {
        surveyQuestions: questions.map((q) => ({
          id: String(q.surveyQuestionId),
          name: q.name,
          responses: q.responses.map((r) => ({ id: String(r.surveyResponseId), name: r.name })),
        })),
        activistCodes: codes.map((c) => ({ id: String(c.activistCodeId), name: c.name })),
        resultCodes: results.map((c) => ({ id: String(c.resultCodeId), name: c.name })),
      };
    },
    push: (batch) => runner.run(batch, pushOne),
  };
}
