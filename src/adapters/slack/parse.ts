/**
 * Every signed Slack request body, parsed at the edge (CONVENTIONS §7) before Bolt sees it: a
 * slash command form, an interactivity `payload=` (block_actions, view_submission) or an Events
 * API envelope. Anything else, or a known kind missing the fields Bolt and our handlers read
 * (a `payload=null`, a block action without `user`), is `unsupported`: answered 200 with nothing
 * done, never thrown. Only bytes that are not form or JSON at all are `unreadable` (400).
 * Reasons name fields only, never values (no voter data in logs).
 */
import { z } from 'zod';

const Id = z.string().min(1).max(64);
const Team = z.object({ id: Id }).nullish();
const User = z.object({ id: Id, team_id: z.string().optional() });

/** What Bolt's routing reads from a slash command (team, channel, user, command, trigger). */
const CommandShape = z.object({ command: z.string().min(1), team_id: Id, channel_id: Id, user_id: Id, trigger_id: z.string().min(1) });

/** The workspace must be known: `team.id` or the user's `team_id` (org-wide installs). */
const withTeam = <T extends { team?: { id: string } | null | undefined; user: { team_id?: string | undefined } }>(p: T) => Boolean(p.team?.id ?? p.user.team_id);

const BlockActionsShape = z
  .object({
    type: z.literal('block_actions'),
    team: Team,
    user: User,
    actions: z.array(z.object({ action_id: z.string().min(1), action_ts: z.string().min(1) })).min(1),
  })
  .refine(withTeam, { message: 'no team' });

const ViewSubmissionShape = z
  .object({
    type: z.literal('view_submission'),
    team: Team,
    user: User,
    view: z.object({ id: z.string().min(1), callback_id: z.string().min(1), team_id: z.string().optional(), state: z.object({ values: z.record(z.string(), z.unknown()) }) }),
  })
  .refine((p) => withTeam(p) || Boolean(p.view.team_id), { message: 'no team' });

const EventShape = z.object({ type: z.literal('event_callback'), team_id: Id, event_id: z.string().min(1), event: z.object({ type: z.string().min(1) }) });

const UrlVerification = z.object({ type: z.literal('url_verification'), challenge: z.string().min(1).max(200) });

export type Body = Record<string, unknown>;

export type ParsedSlackRequest =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'command'; body: Body }
  | { kind: 'block_actions'; body: Body }
  | { kind: 'view_submission'; body: Body }
  | { kind: 'event'; body: Body; eventType: string }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'unreadable' };

function isObject(v: unknown): v is Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field paths of a zod failure, for a log line without values. */
function where(error: z.ZodError): string {
  const paths = error.issues.map((i) => (i.path.length ? i.path.join('.') : i.message));
  return [...new Set(paths)].slice(0, 5).join(', ');
}

function classify(body: unknown, source: 'form' | 'payload' | 'json'): ParsedSlackRequest {
  if (!isObject(body)) return { kind: 'unsupported', reason: `${source}: not an object` };
  if (source === 'form') {
    const cmd = CommandShape.safeParse(body);
    return cmd.success ? { kind: 'command', body } : { kind: 'unsupported', reason: `command: ${where(cmd.error)}` };
  }
  switch (body.type) {
    case 'block_actions': {
      const r = BlockActionsShape.safeParse(body);
      return r.success ? { kind: 'block_actions', body } : { kind: 'unsupported', reason: `block_actions: ${where(r.error)}` };
    }
    case 'view_submission': {
      const r = ViewSubmissionShape.safeParse(body);
      return r.success ? { kind: 'view_submission', body } : { kind: 'unsupported', reason: `view_submission: ${where(r.error)}` };
    }
    case 'event_callback': {
      const r = EventShape.safeParse(body);
      return r.success ? { kind: 'event', body, eventType: r.data.event.type } : { kind: 'unsupported', reason: `event_callback: ${where(r.error)}` };
    }
    case 'url_verification': {
      const r = UrlVerification.safeParse(body);
      return r.success ? { kind: 'url_verification', challenge: r.data.challenge } : { kind: 'unsupported', reason: 'url_verification: challenge' };
    }
    default:
      return { kind: 'unsupported', reason: `type ${typeof body.type === 'string' ? body.type.slice(0, 40) : typeof body.type}` };
  }
}

/** A signed request's raw body (already verified) -> what it is. */
export function parseSlackRequest(raw: string, contentType: string): ParsedSlackRequest {
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    if (payload === null) return classify(Object.fromEntries(form.entries()), 'form');
    try {
      return classify(JSON.parse(payload) as unknown, 'payload');
    } catch {
      return { kind: 'unreadable' };
    }
  }
  if (contentType === 'application/json') {
    try {
      return classify(JSON.parse(raw) as unknown, 'json');
    } catch {
      return { kind: 'unreadable' };
    }
  }
  return { kind: 'unsupported', reason: `content type ${contentType.slice(0, 60) || 'none'}` };
}
