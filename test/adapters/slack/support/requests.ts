// Slack playing its side: signed HTTP requests with real payload shapes (slash command form
// body, block_actions / view_submission as `payload=` JSON, Events API JSON), signed the way
// Slack signs them: v0=HMAC-SHA256(secret, `v0:${ts}:${rawBody}`) (R7.2).
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = '8f742231b10e8888abcd99aaaaaa85a5';
export const TEAM = { id: 'T0TEXAS', domain: 'texasforward' };

export function sign(secret: string, ts: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex')}`;
}

export interface SlackRequest {
  body: string;
  contentType: string;
}

export interface SendOptions {
  /** Seconds since epoch for X-Slack-Request-Timestamp (default: the app clock's now). */
  ts?: number;
  secret?: string;
  /** Replace the signature (tampering). */
  signature?: string;
  headers?: Record<string, string>;
}

/** POSTs a signed request to /slack/events; returns status and body text. */
export async function postSlack(baseUrl: string, req: SlackRequest, nowSec: number, opts: SendOptions = {}): Promise<{ status: number; text: string; json(): unknown }> {
  const ts = opts.ts ?? nowSec;
  const signature = opts.signature ?? sign(opts.secret ?? SIGNING_SECRET, ts, req.body);
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': req.contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature, ...opts.headers },
    body: req.body,
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as unknown };
}

let seq = 0;
export const triggerId = (): string => `${++seq}.${Date.now()}.trig${seq}`;
export const actionTs = (): string => `${1795000000 + ++seq}.${String(seq).padStart(6, '0')}`;

export function slashCommand(user: string, text: string, o: { channel?: string; responseUrl: string; trigger?: string; userName?: string }): SlackRequest {
  const form = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: o.channel ?? 'C0GOTV',
    channel_name: 'gotv',
    user_id: user,
    user_name: o.userName ?? user.toLowerCase(),
    command: '/textbank',
    text,
    api_app_id: 'A0TEXTBANK',
    is_enterprise_install: 'false',
    response_url: o.responseUrl,
    trigger_id: o.trigger ?? triggerId(),
  });
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

function interactive(payload: unknown): SlackRequest {
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export interface Press {
  user: string;
  actionId: string;
  value?: string;
  selected?: string;
  channel: string;
  messageTs: string;
  ephemeral?: boolean;
  threadTs?: string;
  responseUrl: string;
  actionTs?: string;
}

export function blockActions(p: Press): SlackRequest {
  const ats = p.actionTs ?? actionTs();
  return interactive({
    type: 'block_actions',
    user: { id: p.user, username: p.user.toLowerCase(), name: p.user.toLowerCase(), team_id: TEAM.id },
    api_app_id: 'A0TEXTBANK',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: p.messageTs, channel_id: p.channel, is_ephemeral: p.ephemeral === true, ...(p.threadTs ? { thread_ts: p.threadTs } : {}) },
    trigger_id: triggerId(),
    team: { id: TEAM.id, domain: TEAM.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: p.channel, name: 'gotv' },
    ...(p.ephemeral ? {} : { message: { type: 'message', ts: p.messageTs, ...(p.threadTs ? { thread_ts: p.threadTs } : {}) } }),
    state: { values: {} },
    response_url: p.responseUrl,
    actions: [
      p.selected !== undefined
        ? { type: 'static_select', action_id: p.actionId, block_id: 'b1', selected_option: { text: { type: 'plain_text', text: 'x' }, value: p.selected }, action_ts: ats }
        : { type: 'button', action_id: p.actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value: p.value, action_ts: ats },
    ],
  });
}

export type StateValue = { type: 'plain_text_input' | 'number_input'; value: string | null } | { type: 'static_select'; selected_option: { value: string } | null } | { type: 'file_input'; files: { id: string; name: string }[] };

/** A view_submission of a modal we opened (callback_id and private_metadata taken from views.open). */
export function viewSubmission(user: string, view: { callback_id: string; private_metadata?: string }, values: Record<string, StateValue>): SlackRequest {
  const state: Record<string, Record<string, StateValue>> = {};
  for (const [id, v] of Object.entries(values)) state[id] = { [id]: v };
  return interactive({
    type: 'view_submission',
    team: { id: TEAM.id, domain: TEAM.domain },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM.id },
    api_app_id: 'A0TEXTBANK',
    trigger_id: triggerId(),
    view: {
      id: `V${++seq}`,
      team_id: TEAM.id,
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata ?? '',
      hash: `${seq}.hash`,
      state: { values: state },
    },
    response_urls: [],
    is_enterprise_install: false,
  });
}

export function messageEvent(e: { user?: string; channel: string; text: string; ts?: string; threadTs?: string; eventId?: string; subtype?: string; botId?: string; channelType?: string }): SlackRequest {
  const ts = e.ts ?? actionTs();
  return {
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: TEAM.id,
      api_app_id: 'A0TEXTBANK',
      event: {
        type: 'message',
        ...(e.subtype ? { subtype: e.subtype } : {}),
        ...(e.user ? { user: e.user } : {}),
        ...(e.botId ? { bot_id: e.botId } : {}),
        text: e.text,
        ts,
        ...(e.threadTs ? { thread_ts: e.threadTs } : {}),
        channel: e.channel,
        channel_type: e.channelType ?? 'im',
        event_ts: ts,
      },
      type: 'event_callback',
      event_id: e.eventId ?? `Ev${++seq}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM.id, user_id: 'UBOT', is_bot: true }],
    }),
  };
}
