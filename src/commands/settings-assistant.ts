// `/textbank settings assistant:true|false` (owners): whether the configured reply assistant may
// read this org's voter texts. Off by default: until an owner turns it on, replies are read by the
// built-in rules and no voter text leaves Textbank. The answer also says whether this server has
// an assistant at all (ASSISTANT_URL), since without one the setting changes nothing yet.
import type { HandlerContext } from './framework/definition.js';
import type { OptionSpec, OptionValues } from './framework/options.js';
import type { Services } from './services.js';
import { ephemeral } from './support/results.js';
import { saveOrgSetting } from './support/org-setting.js';
import { noticeView } from './views/help.js';
import { inline } from './views/text.js';

export const ASSISTANT_OPTIONS: readonly OptionSpec[] = [
  { name: 'assistant', type: 'boolean', descriptionKey: 'triage:options.assistant' },
];

export function hasAssistantOptions(options: OptionValues): boolean {
  return options.assistant !== undefined;
}

export async function assistantSettings(ctx: HandlerContext<Services>, options: OptionValues) {
  const { t, services } = ctx;
  const updated = await saveOrgSetting(ctx, { assistantShareVoterText: options.assistant === true });
  const info = services.assistantInfo;
  const state = t(updated.assistantShareVoterText === true ? 'triage:settings.on' : 'triage:settings.off');
  const server = info?.remote ? t('triage:settings.configured', { model: inline(info.model ?? '', 80) }) : t('triage:settings.not_configured');
  return ephemeral(noticeView(t('triage:settings.saved'), [{ type: 'section', text: state }, { type: 'context', text: server }]));
}
