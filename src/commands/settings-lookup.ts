// `/textbank settings require_lookup:true|false` (owners): whether a campaign may start only once
// a number lookup has covered its pending contacts (so no text is pressed to a landline or VoIP
// number). Off by default.
import type { HandlerContext } from './framework/definition.js';
import type { OptionSpec, OptionValues } from './framework/options.js';
import type { Services } from './services.js';
import { ephemeral } from './support/results.js';
import { saveOrgSetting } from './support/org-setting.js';
import { noticeView } from './views/help.js';

export const LOOKUP_OPTIONS: readonly OptionSpec[] = [
  { name: 'require_lookup', type: 'boolean', descriptionKey: 'lookup:options.require_lookup' },
];

export function hasLookupOptions(options: OptionValues): boolean {
  return options.require_lookup !== undefined;
}

export async function lookupSettings(ctx: HandlerContext<Services>, options: OptionValues) {
  const { t } = ctx;
  const updated = await saveOrgSetting(ctx, { requireLookup: options.require_lookup === true });
  const state = t(updated.requireLookup === true ? 'lookup:settings.require_on' : 'lookup:settings.require_off');
  return ephemeral(noticeView(`✅ ${t('commands:settings.saved')}`, [
    { type: 'fields', fields: [{ label: t('lookup:settings.require'), value: state }] },
    { type: 'context', text: t('lookup:settings.change_hint') },
  ]));
}
