/**
 * The Slack payloads we read, parsed with zod at the boundary (DESIGN: every boundary parses).
 * Only the fields we use are declared; the rest is ignored. Shapes follow Slack's docs for slash
 * commands, block_actions, view_submission and Events API `message` events.
 */
import { z } from 'zod';
import { ViewState } from './modal.js';

const SlackId = z.string().min(1).max(64);

export const SlashCommand = z.object({
  team_id: SlackId,
  team_domain: z.string().optional(),
  enterprise_id: z.string().optional(),
  channel_id: SlackId,
  user_id: SlackId,
  user_name: z.string().optional(),
  command: z.string(),
  text: z.string().default(''),
  response_url: z.string().optional(),
  trigger_id: z.string().min(1),
});
export type SlashCommand = z.infer<typeof SlashCommand>;

const Team = z.object({ id: SlackId, domain: z.string().optional() }).nullish();
const User = z.object({ id: SlackId, username: z.string().optional(), name: z.string().optional(), team_id: z.string().optional() });

export const BlockAction = z.object({
  action_id: z.string().min(1),
  type: z.string(),
  value: z.string().optional(),
  selected_option: z.object({ value: z.string() }).nullish(),
  action_ts: z.string().min(1),
});
export type BlockAction = z.infer<typeof BlockAction>;

export const BlockActions = z.object({
  type: z.literal('block_actions'),
  team: Team,
  user: User,
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  container: z.object({
    type: z.string(),
    message_ts: z.string().optional(),
    channel_id: z.string().optional(),
    is_ephemeral: z.boolean().optional(),
    thread_ts: z.string().optional(),
  }),
  channel: z.object({ id: SlackId }).nullish(),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional() }).nullish(),
  actions: z.array(BlockAction).min(1),
});
export type BlockActions = z.infer<typeof BlockActions>;

export const ViewSubmission = z.object({
  type: z.literal('view_submission'),
  team: Team,
  user: User,
  trigger_id: z.string().optional(),
  view: z.object({
    id: z.string().min(1),
    hash: z.string().optional(),
    team_id: z.string().optional(),
    callback_id: z.string().min(1),
    private_metadata: z.string().optional(),
    state: ViewState,
  }),
});
export type ViewSubmission = z.infer<typeof ViewSubmission>;

export const MessageEvent = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: SlackId,
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string().optional(),
  edited: z.unknown().optional(),
});
export type MessageEvent = z.infer<typeof MessageEvent>;

export const EventEnvelope = z.object({
  type: z.literal('event_callback'),
  team_id: SlackId,
  event_id: z.string().min(1),
  event_time: z.number().optional(),
  event: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** The workspace of an interaction (enterprise installs: the user's team). */
export function teamOf(p: { team?: { id: string } | null; user: { team_id?: string | undefined } }, fallback?: string): string | undefined {
  return p.team?.id ?? p.user.team_id ?? fallback;
}
