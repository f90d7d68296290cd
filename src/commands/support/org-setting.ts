// One org setting saved from `/textbank settings`: the org updated and the change audited
// (`org.updated` naming the fields), the same way for every setting that is a plain org field.
import type { Org } from '../../core/model/org.js';
import type { HandlerContext } from '../framework/definition.js';
import type { Services } from '../services.js';
import { auditByMember } from './member-audit.js';

type OrgPatch = Parameters<Services['store']['orgs']['update']>[1];

export async function saveOrgSetting(ctx: HandlerContext<Services>, patch: OrgPatch & Record<string, string | number | boolean>): Promise<Org> {
  const { org, services } = ctx;
  const updated = await services.store.orgs.update(org.id, patch);
  await auditByMember(ctx, {
    action: 'org.updated',
    subject: { type: 'org', id: org.id },
    data: { fields: Object.keys(patch), ...patch },
  });
  return updated;
}
