// The CrmConnector the app composes: the simulated CRM in sandbox mode, the real NGP VAN and
// Action Network clients otherwise. Base URLs can be overridden (tests point them at local fakes;
// VAN_API_URL / ACTION_NETWORK_API_URL); the clients refuse any that is not https, except
// 127.0.0.1.
import type { CrmConnector, CrmKind } from '../../core/ports.js';
import { createActionNetworkCrm } from './action-network.js';
import type { FetchLike } from './http.js';
import { createSimulatedCrm, type SimulatedCrm } from './simulated.js';
import { createVanCrm } from './van.js';

export { createActionNetworkCrm, ACTION_NETWORK_API_BASE, surveyTag, surveyQuestionsFromTags } from './action-network.js';
export { CrmRequestError } from './http.js';
export { createSimulatedCrm, SIMULATED_CATALOG, type SimulatedCrm, type SimulatedPerson } from './simulated.js';
export { createVanCrm, VAN_API_BASE } from './van.js';

export interface CrmConnectorOptions {
  /** Use the in-memory simulated CRM (sandbox mode and tests). */
  simulated?: boolean;
  baseUrls?: Partial<Record<CrmKind, string>>;
  fetch?: FetchLike;
  timeoutMs?: number;
}

export interface SimulatedCrmConnector extends CrmConnector {
  /** The simulated CRM an org's key opens (created on first use), for the sandbox and tests. */
  crm(kind: CrmKind, apiKey: string): SimulatedCrm;
}

/** One simulated CRM per (kind, key), kept for the life of the process so pushes can be inspected. */
export function createSimulatedCrmConnector(): SimulatedCrmConnector {
  const crms = new Map<string, SimulatedCrm>();
  const crm = (kind: CrmKind, apiKey: string): SimulatedCrm => {
    const key = `${kind}\u0000${apiKey}`;
    let found = crms.get(key);
    if (!found) {
      found = createSimulatedCrm({ kind, apiKey });
      crms.set(key, found);
    }
    return found;
  };
  return { crm, open: (kind, credentials) => crm(kind, credentials.apiKey) };
}

export function createCrmConnector(opts: CrmConnectorOptions = {}): CrmConnector {
  if (opts.simulated) return createSimulatedCrmConnector();
  return {
    open(kind, credentials) {
      const common = {
        apiKey: credentials.apiKey,
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      };
      if (kind === 'van') {
        return createVanCrm({
          ...common,
          // NGP VAN requires an application name; a key issued without one is sent as "textbank".
          appName: credentials.appName?.trim() || 'textbank',
          ...(credentials.mode !== undefined ? { mode: credentials.mode } : {}),
          ...(opts.baseUrls?.van ? { baseUrl: opts.baseUrls.van } : {}),
        });
      }
      return createActionNetworkCrm({ ...common, ...(opts.baseUrls?.action_network ? { baseUrl: opts.baseUrls.action_network } : {}) });
    },
  };
}
