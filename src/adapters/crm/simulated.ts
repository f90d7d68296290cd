// A deterministic in-memory CRM for the sandbox and tests: a small fixed catalog, person ids
// minted in order, every push recorded for inspection. It checks what a real CRM would refuse
// (unknown ids, a survey answer or result code without a delivered text) so a sandbox sync shows
// the same outcomes a real one would. Re-pushing an update with the same idempotency key writes
// nothing new.
import type { CrmCatalog, CrmKind, CrmPersonUpdate, CrmPushResult, CrmSync } from '../../core/ports.js';
import type { CrmFailureReason } from './http.js';

export const SIMULATED_CATALOG: CrmCatalog = {
  surveyQuestions: [
    {
      id: 'sq-support',
      name: 'Support',
      responses: [
        { id: 'sr-yes', name: 'Yes' },
        { id: 'sr-no', name: 'No' },
        { id: 'sr-maybe', name: 'Maybe' },
      ],
    },
  ],
  activistCodes: [
    { id: 'ac-volunteer', name: 'Volunteer' },
    { id: 'ac-donor', name: 'Donor' },
  ],
  resultCodes: [
    { id: 'rc-wrong-number', name: 'Wrong Number' },
    { id: 'rc-moved', name: 'Moved' },
    { id: 'rc-deceased', name: 'Deceased' },
    { id: 'rc-refused', name: 'Refused' },
  ],
};

/** What the simulated CRM holds about one person after every push so far. */
export interface SimulatedPerson {
  externalId: string;
  phone: string;
  firstName?: string;
  lastName?: string;
  /** questionId -> responseId (the latest answer wins, like VAN). */
  surveyResponses: Record<string, string>;
  activistCodes: string[];
  resultCodes: string[];
  /** One per delivered text pushed (a contact attempt). */
  contactAttempts: Date[];
  optedOut: boolean;
}

export interface SimulatedPush {
  update: CrmPersonUpdate;
  result: CrmPushResult;
}

export interface SimulatedCrm extends CrmSync {
  /** Every push, in order (duplicates by idempotency key included, with their result). */
  readonly pushes: readonly SimulatedPush[];
  person(externalId: string): SimulatedPerson | undefined;
  people(): SimulatedPerson[];
  /** The next `times` calls (verify, catalog or per person push) fail with `reason`. */
  failNext(reason: CrmFailureReason, times?: number): void;
}

export interface SimulatedCrmOptions {
  kind: CrmKind;
  /** An empty key, or one starting with "bad", is refused like a wrong key (sandbox demo). */
  apiKey: string;
}

const RETRYABLE: Record<CrmFailureReason, boolean> = {
  not_found: false,
  invalid: false,
  rejected: false,
  unauthorized: false,
  rate_limited: true,
  unavailable: true,
};

export function createSimulatedCrm(opts: SimulatedCrmOptions): SimulatedCrm {
  const people = new Map<string, SimulatedPerson>();
  const byPhone = new Map<string, string>();
  const done = new Map<string, string>();
  const pushes: SimulatedPush[] = [];
  let failures: { reason: CrmFailureReason; left: number } | undefined;
  let minted = 0;
  const refusedKey = opts.apiKey.trim() === '' || opts.apiKey.startsWith('bad');

  const questions = new Map(SIMULATED_CATALOG.surveyQuestions.map((q) => [q.id, new Set(q.responses.map((r) => r.id))]));
  const codes = new Set(SIMULATED_CATALOG.activistCodes.map((c) => c.id));
  const results = new Set(SIMULATED_CATALOG.resultCodes.map((c) => c.id));

  function takeFailure(): CrmFailureReason | undefined {
    if (!failures || failures.left <= 0) return undefined;
    failures.left -= 1;
    return failures.reason;
  }

  function problem(u: CrmPersonUpdate): string | undefined {
    for (const s of u.surveyResponses) {
      const responses = questions.get(s.questionId);
      if (!responses) return `unknown survey question ${s.questionId}`;
      if (!responses.has(s.responseId)) return `unknown response ${s.responseId} for ${s.questionId}`;
    }
    for (const c of u.activistCodes) if (!codes.has(c)) return `unknown activist code ${c}`;
    if (u.resultCode !== undefined && !results.has(u.resultCode)) return `unknown result code ${u.resultCode}`;
    if (!u.texted && (u.surveyResponses.length > 0 || u.resultCode !== undefined)) {
      return 'survey responses and result codes need a delivered text (no contact attempt is logged without one)';
    }
    return undefined;
  }

  function apply(u: CrmPersonUpdate): CrmPushResult {
    const known = u.externalId ?? byPhone.get(u.person.phone);
    const externalId = known ?? `sim-${opts.kind}-${++minted}`;
    const p: SimulatedPerson = people.get(externalId) ?? {
      externalId,
      phone: u.person.phone,
      surveyResponses: {},
      activistCodes: [],
      resultCodes: [],
      contactAttempts: [],
      optedOut: false,
    };
    if (u.person.firstName !== undefined) p.firstName = u.person.firstName;
    if (u.person.lastName !== undefined) p.lastName = u.person.lastName;
    for (const s of u.surveyResponses) p.surveyResponses[s.questionId] = s.responseId;
    for (const c of u.activistCodes) if (!p.activistCodes.includes(c)) p.activistCodes.push(c);
    if (u.resultCode !== undefined) p.resultCodes.push(u.resultCode);
    if (u.texted) p.contactAttempts.push(u.texted.at);
    if (u.optedOut) p.optedOut = true;
    people.set(externalId, p);
    byPhone.set(p.phone, externalId);
    return { contactId: u.contactId, ok: true, externalId };
  }

  function pushOne(u: CrmPersonUpdate): CrmPushResult {
    const repeated = done.get(u.idempotencyKey);
    if (repeated !== undefined) return { contactId: u.contactId, ok: true, externalId: repeated };
    const failure = refusedKey ? 'unauthorized' : takeFailure();
    if (failure) return { contactId: u.contactId, ok: false, reason: failure, retryable: RETRYABLE[failure], detail: `simulated ${failure}` };
    const bad = problem(u);
    if (bad) return { contactId: u.contactId, ok: false, reason: 'invalid', retryable: false, detail: bad };
    const result = apply(u);
    if (result.ok && result.externalId !== undefined) done.set(u.idempotencyKey, result.externalId);
    return result;
  }

  return {
    kind: opts.kind,
    pushes,
    async verify() {
      if (refusedKey) return { ok: false, reason: 'unauthorized' };
      const failure = takeFailure();
      if (failure) return { ok: false, reason: failure === 'unauthorized' ? 'unauthorized' : 'unavailable' };
      return { ok: true, account: `Simulated ${opts.kind === 'van' ? 'NGP VAN' : 'Action Network'}` };
    },
    async catalog() {
      const failure = refusedKey ? 'unauthorized' : takeFailure();
      if (failure) throw Object.assign(new Error(`simulated ${failure}`), { reason: failure, retryable: RETRYABLE[failure] });
      return structuredClone(SIMULATED_CATALOG);
    },
    async push(batch) {
      return batch.map((u) => {
        const result = pushOne(u);
        pushes.push({ update: structuredClone(u), result });
        return result;
      });
    },
    person: (id) => {
      const p = people.get(id);
      return p ? structuredClone(p) : undefined;
    },
    people: () => [...people.values()].map((p) => structuredClone(p)),
    failNext(reason, times = 1) {
      failures = { reason, left: times };
    },
  };
}
