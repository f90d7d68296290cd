// Reading what we sent to Slack: the text of Block Kit blocks and a button by our action id.
type Element = { type: string; action_id?: string; value?: string; text?: { text: string } | string };
type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: Element[] };

export function textOfBlocks(blocks: unknown): string {
  return ((blocks as Block[] | undefined) ?? [])
    .map((b) => [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text), ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? '')))].join(' '))
    .join('\n');
}

export function buttonOf(blocks: unknown, actionId: string): { action_id: string; value?: string } {
  for (const b of (blocks as Block[] | undefined) ?? []) {
    for (const e of b.elements ?? []) if (e.type === 'button' && e.action_id?.replace(/:\d+$/, '') === actionId) return { action_id: e.action_id, ...(e.value !== undefined ? { value: e.value } : {}) };
  }
  throw new Error(`no ${actionId} button in ${JSON.stringify(blocks).slice(0, 400)}`);
}
