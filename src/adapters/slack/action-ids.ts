/**
 * Slack requires action ids to be unique within a message. Our action id travels as the Slack
 * `action_id`; when one id appears several times in a message (canned replies, survey answers)
 * each copy gets a `:<n>` suffix (`canned:0`, `canned:1`), which is stripped on the way back.
 */

/** The Slack action ids for a message's interactive elements, in order. */
export function uniqueActionIds(ids: readonly string[]): string[] {
  const total = new Map<string, number>();
  for (const id of ids) total.set(id, (total.get(id) ?? 0) + 1);
  const seen = new Map<string, number>();
  return ids.map((id) => {
    if ((total.get(id) ?? 0) < 2) return id;
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return `${id}:${n}`;
  });
}

/** Our action id from a Slack action_id (`canned:3` -> `canned`). */
export function actionIdOf(slackActionId: string): string {
  return slackActionId.replace(/:\d+$/, '');
}
