import type { Reply } from '../../core/views/view.js';
import type { Translate } from './definition.js';

/** A localized error shown only to the person who acted, with an optional usage hint. */
export function errorView(t: Translate, key: string, params: Record<string, unknown> = {}, extra?: { usage?: string }): Reply {
  const message = t(key, params);
  const blocks: { type: 'section' | 'context'; text: string }[] = [{ type: 'section', text: `⚠️ ${message}` }];
  if (extra?.usage) blocks.push({ type: 'context', text: t('commands:errors.usage', { usage: extra.usage }) });
  return { kind: 'ephemeral', view: { text: message, blocks } };
}
