// What the CRM commands share: the `kind` option, finding the org's connection, and opening its
// client with the key unsealed only for the call (the key never leaves this function's caller).
import { UserError } from '../core/errors.js';
import { CRM_KINDS, type CrmConnection } from '../core/crm/model.js';
import type { CrmConnector, CrmKind, CrmSync, SecretBox } from '../core/ports.js';
import type { OptionSpec } from './framework/options.js';
import type { Services } from './services.js';
import type { Ctx } from './support/results.js';

export const crmKindOption = (required: boolean): OptionSpec => ({
  name: 'kind',
  type: 'string',
  descriptionKey: 'crm:options.kind',
  choices: CRM_KINDS,
  ...(required ? { required: true } : {}),
});

/** The CRM feature needs a connector and, to keep keys, a SecretBox (SECRET_KEY with MongoDB). */
export function crmParts(services: Services): { crm: CrmConnector; secrets: SecretBox } {
  if (!services.crm) throw new UserError('crm:errors.unavailable');
  if (!services.secrets) throw new UserError('crm:errors.no_secret_key');
  return { crm: services.crm, secrets: services.secrets };
}

/** The named connection, or the only one when no kind is given. */
export async function findConnection(ctx: Ctx, kind: unknown): Promise<CrmConnection> {
  const { store } = ctx.services;
  if (typeof kind === 'string') {
    const found = await store.crm.getConnection(ctx.org.id, kind as CrmKind);
    if (!found) throw new UserError('crm:errors.not_connected', { crm: ctx.t(`crm:kind.${kind}`), kind });
    return found;
  }
  const all = await store.crm.listConnections(ctx.org.id);
  if (all.length === 1) return all[0] as CrmConnection;
  if (all.length === 0) throw new UserError('crm:errors.none_connected');
  throw new UserError('crm:errors.which_crm');
}

/** VAN's database mode travels as the key's suffix: My Voters 0, My Campaign 1. */
export function credentialsOf(c: Pick<CrmConnection, 'appName' | 'mode'>, apiKey: string): Parameters<CrmConnector['open']>[1] {
  return { apiKey, ...(c.appName ? { appName: c.appName } : {}), ...(c.mode ? { mode: c.mode === 'my_campaign' ? 1 : 0 } : {}) };
}

/** Opens the connection's client; a key that no longer opens (SECRET_KEY changed) is a clear error. */
export function openConnection(parts: { crm: CrmConnector; secrets: SecretBox }, c: CrmConnection): CrmSync {
  let apiKey: string;
  try {
    apiKey = parts.secrets.open(c.sealedKey);
  } catch {
    throw new UserError('crm:errors.key_unreadable', { kind: c.kind });
  }
  return parts.crm.open(c.kind, credentialsOf(c, apiKey));
}
