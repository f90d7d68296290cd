// `/textbank pause initials` and `/textbank resume initials` (organizers): stop or restart every
// first text across the org. SendService refuses each Send on an initial card while paused
// (enforced in core, not only here); replies keep flowing. The campaign posts say so.
import { setInitialsPaused } from '../core/campaigns/initials-pause.js';
import type { Reply } from '../core/views/view.js';
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import type { OptionSpec } from './framework/options.js';
import type { Services } from './services.js';
import { refreshPost } from './support/post.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import { noticeView } from './views/help.js';

/**
 * What to pause: a required word (`initials`), so `/textbank pause initials` reads the same in
 * Slack free text and as a Discord sub-command with a choice; more kinds can join the list.
 */
const whatOption: OptionSpec = { name: 'what', type: 'string', descriptionKey: 'replies:options.what', required: true, choices: ['initials'] };

async function setPaused(ctx: Ctx, paused: boolean): Promise<Reply> {
  const { store, clock } = ctx.services;
  const r = await setInitialsPaused({ store, clock }, ctx.org.id, ctx.member.id, paused);
  if (!r.ok) return failureReply(ctx, r);
  if (r.changed) {
    // Every live campaign post shows (or stops showing) the pause.
    for (const c of await store.campaigns.list(ctx.org.id, ['active', 'paused'])) await refreshPost(ctx.services, ctx.org.id, c.id);
  }
  const key = paused ? (r.changed ? 'replies:pause.done' : 'replies:pause.already') : r.changed ? 'replies:resume.done' : 'replies:resume.already';
  const hint = ctx.t(paused ? 'replies:pause.hint' : 'replies:resume.hint');
  return ephemeral(noticeView(`${paused ? '⏸' : '▶️'} ${ctx.t(key)}`, [{ type: 'context', text: hint }]));
}

export const pauseCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['pause'],
  descriptionKey: 'replies:descriptions.pause',
  options: [whatOption],
  role: 'organizer',
  sideEffects: true,
  handler: (ctx) => setPaused(ctx, true),
});

export const resumeCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['resume'],
  descriptionKey: 'replies:descriptions.resume',
  options: [whatOption],
  role: 'organizer',
  sideEffects: true,
  handler: (ctx) => setPaused(ctx, false),
});
