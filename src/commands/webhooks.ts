// `/textbank webhooks add|list|remove|test|enable` (organizers): outgoing webhooks, so survey answers,
// tags and opt-outs reach the org's own tools. The URL is checked against server-side request
// forgery when it is added (and again at every delivery); the signing secret is shown once, in
// an ephemeral reply, and stored sealed (no SECRET_KEY with MongoDB: refused, with a message
// for the operator).
import { randomBytes } from 'node:crypto';
import { DOMAIN_EVENT_TYPES, type DomainEventType } from '../core/ports.js';
import type { Reply } from '../core/views/view.js';
import { MAX_WEBHOOKS_PER_ORG, type Webhook } from '../core/webhooks/model.js';
import { sendTestEvent } from '../core/webhooks/delivery.js';
import type { UrlCheck } from '../core/webhooks/http.js';
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import { errorView } from './framework/error-view.js';
import type { OptionSpec } from './framework/options.js';
import type { Services } from './services.js';
import { ephemeral, type Ctx } from './support/results.js';
import { failureText, shownUrl, webhookAddedView, webhookListView } from './views/webhooks.js';
import { code } from './views/text.js';
import { auditByMember } from './support/member-audit.js';

const urlOption: OptionSpec = { name: 'url', type: 'string', descriptionKey: 'webhooks:options.url', required: true, maxLength: 500 };
const eventsOption: OptionSpec = { name: 'events', type: 'string', descriptionKey: 'webhooks:options.events', maxLength: 400 };
const idOption: OptionSpec = { name: 'id', type: 'string', descriptionKey: 'webhooks:options.id', required: true, maxLength: 40 };

/** A new signing secret (shown once, then kept sealed). */
const newSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** The event names of `events` (comma- or space-separated; empty or `all` = every type). */
export function parseEvents(raw: string | undefined): { ok: true; events: DomainEventType[] } | { ok: false; unknown: string[] } {
  const names = (raw ?? '').split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0 || names.includes('all')) return { ok: true, events: [...DOMAIN_EVENT_TYPES] };
  const unknown = names.filter((n) => !(DOMAIN_EVENT_TYPES as readonly string[]).includes(n));
  if (unknown.length) return { ok: false, unknown };
  return { ok: true, events: DOMAIN_EVENT_TYPES.filter((e) => names.includes(e)) };
}

/** The refusal of a webhook URL, in the organizer's words. */
export function refusalReply(ctx: Ctx, url: string, check: Extract<UrlCheck, { ok: false }>): Reply {
  const shown = code(url, 80);
  switch (check.reason) {
    case 'invalid':
    case 'not_https':
    case 'credentials':
    case 'unresolvable':
      return errorView(ctx.t, `webhooks:errors.${check.reason}`, { url: shown });
    default:
      return check.address
        ? errorView(ctx.t, 'webhooks:errors.address', { url: shown, reason: ctx.t(`webhooks:refusal.${check.reason}`), address: code(check.address) })
        : errorView(ctx.t, 'webhooks:errors.address_no_ip', { url: shown, reason: ctx.t(`webhooks:refusal.${check.reason}`) });
  }
}

const idOf = (v: unknown): string => (typeof v === 'string' ? v.trim().replace(/^`|`$/g, '') : '');

/** A one-line answer seen only by the organizer. */
const lineReply = (text: string): Reply => ephemeral({ text, blocks: [{ type: 'section', text }] });

/** The org's webhook with this id, or the "no such webhook" answer. */
async function webhookOrReply(ctx: Ctx, id: string): Promise<{ webhook: Webhook } | { reply: Reply }> {
  const webhook = await ctx.services.store.webhooks.get(ctx.org.id, id);
  return webhook ? { webhook } : { reply: errorView(ctx.t, 'webhooks:errors.not_found', { id: code(id) }) };
}

export const webhooksAddCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['webhooks', 'add'],
  descriptionKey: 'webhooks:descriptions.add',
  options: [urlOption, eventsOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const { store, secrets, webhooks: http } = ctx.services;
    if (!secrets) return errorView(ctx.t, 'webhooks:errors.no_secret_key');
    if (!http) return errorView(ctx.t, 'webhooks:errors.unavailable');
    const raw = typeof options.url === 'string' ? options.url.trim().replace(/^<|>$/g, '') : '';
    if (!raw) return errorView(ctx.t, 'webhooks:errors.url_missing');
    const events = parseEvents(typeof options.events === 'string' ? options.events : undefined);
    if (!events.ok) return errorView(ctx.t, 'webhooks:errors.unknown_events', { names: events.unknown.map((n) => code(n)).join(', '), allowed: DOMAIN_EVENT_TYPES.join(', ') });
    const existing = await store.webhooks.list(ctx.org.id);
    if (existing.length >= MAX_WEBHOOKS_PER_ORG) return errorView(ctx.t, 'webhooks:errors.too_many', { max: MAX_WEBHOOKS_PER_ORG });
    const check = await http.check(raw);
    if (!check.ok) return refusalReply(ctx, raw, check);
    const secret = newSecret();
    const webhook = await store.webhooks.create(ctx.org.id, { url: check.url, events: events.events, secretSealed: secrets.seal(secret), createdBy: ctx.member.id });
    await auditByMember(ctx, {
      action: 'webhook.added',
      subject: { type: 'webhook', id: webhook.id },
      data: { url: shownUrl(check.url), events: events.events.join(',') },
    });
    return ephemeral(webhookAddedView(ctx.t, webhook, secret));
  },
});

export const webhooksListCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['webhooks', 'list'],
  descriptionKey: 'webhooks:descriptions.list',
  options: [],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx) {
    return ephemeral(webhookListView(ctx.t, ctx.lang, await ctx.services.store.webhooks.list(ctx.org.id)));
  },
});

export const webhooksRemoveCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['webhooks', 'remove'],
  descriptionKey: 'webhooks:descriptions.remove',
  options: [idOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const id = idOf(options.id);
    if (!id) return errorView(ctx.t, 'webhooks:errors.id_missing');
    const found = await webhookOrReply(ctx, id);
    if ('reply' in found) return found.reply;
    const { webhook } = found;
    if (!(await ctx.services.store.webhooks.remove(ctx.org.id, id))) return errorView(ctx.t, 'webhooks:errors.not_found', { id: code(id) });
    await auditByMember(ctx, {
      action: 'webhook.removed',
      subject: { type: 'webhook', id },
      data: { url: shownUrl(webhook.url) },
    });
    return lineReply(`✅ ${ctx.t('webhooks:removed', { id: code(id), url: shownUrl(webhook.url) })}`);
  },
});

/**
 * Turns a webhook that was turned off (24 hours of failures) back on, keeping its id, events and
 * signing secret, so the organizer's tool needs no change once its endpoint is fixed. The URL is
 * checked again (its host may now resolve somewhere refused). Deliveries that were waiting when
 * it went off are sent again by the next sweep; events from while it was off were not kept.
 */
export const webhooksEnableCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['webhooks', 'enable'],
  descriptionKey: 'webhooks:descriptions.enable',
  options: [idOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const id = idOf(options.id);
    if (!id) return errorView(ctx.t, 'webhooks:errors.id_missing');
    const { store, webhooks: http, clock } = ctx.services;
    if (!http) return errorView(ctx.t, 'webhooks:errors.unavailable');
    const found = await webhookOrReply(ctx, id);
    if ('reply' in found) return found.reply;
    const { webhook } = found;
    if (webhook.enabled) return lineReply(`ℹ️ ${ctx.t('webhooks:already_on', { id: code(id), url: shownUrl(webhook.url) })}`);
    const check = await http.check(webhook.url);
    if (!check.ok) return refusalReply(ctx, webhook.url, check);
    const on = await store.webhooks.setEnabled(ctx.org.id, id, true, clock.now());
    if (!on) return errorView(ctx.t, 'webhooks:errors.not_found', { id: code(id) });
    await auditByMember(ctx, {
      action: 'webhook.enabled',
      subject: { type: 'webhook', id },
      data: { url: shownUrl(webhook.url), ...(webhook.disabledAt ? { offSince: webhook.disabledAt.toISOString() } : {}) },
    });
    return lineReply(`✅ ${ctx.t('webhooks:enabled', { id: code(id), url: shownUrl(webhook.url) })}`);
  },
});

export const webhooksTestCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['webhooks', 'test'],
  descriptionKey: 'webhooks:descriptions.test',
  options: [idOption],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    const id = idOf(options.id);
    if (!id) return errorView(ctx.t, 'webhooks:errors.id_missing');
    const { secrets, webhooks: http, clock } = ctx.services;
    if (!http) return errorView(ctx.t, 'webhooks:errors.unavailable');
    const found = await webhookOrReply(ctx, id);
    if ('reply' in found) return found.reply;
    const { webhook } = found;
    const result = await sendTestEvent({ http, clock, ...(secrets ? { secrets } : {}) }, webhook);
    if (result.ok) return lineReply(`✅ ${ctx.t('webhooks:test_ok', { url: shownUrl(webhook.url), status: result.status })}`);
    return errorView(ctx.t, 'webhooks:test_failed', { url: shownUrl(webhook.url), reason: failureText(ctx.t, result.error, result.status) });
  },
});
