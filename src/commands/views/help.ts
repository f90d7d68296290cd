// Help (generated from the command definitions) and small notices shared by several commands.
import type { Block, View } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';

export interface HelpLine {
  usage: string;
  description: string;
  sideEffects: boolean;
}

export function helpView(t: Translate, d: { role: string; lines: readonly HelpLine[] }): View {
  const rows = d.lines.map((l) => `• \`${l.usage}\` — ${l.description}${l.sideEffects ? ' ✎' : ''}`);
  const intro = t('commands:help.intro', { role: d.role });
  return {
    text: intro,
    blocks: [
      { type: 'section', text: intro },
      { type: 'section', text: rows.join('\n') },
      { type: 'context', text: t('commands:help.footer') },
    ],
  };
}

/** A one-line success or information message, only for the actor. */
export function noticeView(text: string, extra: Block[] = []): View {
  return { text, blocks: [{ type: 'section', text }, ...extra] };
}
