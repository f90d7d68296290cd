// Views of `/textbank webhooks`: the list (never a secret), the one-time secret after `add`, and
// failure codes in words.
import type { Lang } from '../../core/model/common.js';
import type { View } from '../../core/views/view.js';
import type { Webhook } from '../../core/webhooks/model.js';
import { DOMAIN_EVENT_TYPES } from '../../core/ports.js';
import type { UrlRefusal } from '../../core/webhooks/http.js';
import type { Translate } from '../framework/definition.js';
import { code, when } from './text.js';

const REFUSALS: readonly UrlRefusal[] = ['invalid', 'not_https', 'credentials', 'unresolvable', 'private', 'loopback', 'link_local', 'cgnat', 'multicast', 'unspecified', 'metadata', 'reserved'];

/** A delivery failure code (`http_503`, `timeout`, `address_private`...) in words. */
export function failureText(t: Translate, error: string | undefined, status?: number): string {
  const e = error ?? '';
  const http = /^http_(\d{3})$/.exec(e);
  if (http) return t('webhooks:failure.http', { status: http[1] });
  if (e === 'redirect') return t('webhooks:failure.redirect', { status: status ?? 300 });
  if (e === 'timeout' || e === 'network') return t(`webhooks:failure.${e}`);
  if (e.startsWith('address_')) {
    const r = e.slice('address_'.length) as UrlRefusal;
    return t('webhooks:failure.address', { reason: REFUSALS.includes(r) ? t(`webhooks:refusal.${r}`) : t('webhooks:refusal.reserved') });
  }
  if (e === 'secret_unavailable' || e === 'secret_unreadable') return t('webhooks:failure.secret');
  return t('webhooks:failure.other');
}

/** The URL as shown: scheme, host and path only (a query string may hold a token of the org's tool). */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return code(`${u.protocol}//${u.host}${u.pathname}`, 80);
  } catch {
    return code(url, 80);
  }
}

export function eventsText(t: Translate, events: readonly string[]): string {
  return events.length === DOMAIN_EVENT_TYPES.length ? t('webhooks:all_events') : events.map((e) => code(e)).join(', ');
}

function statusText(t: Translate, lang: Lang, w: Webhook): string {
  if (!w.enabled) return w.disabledAt && w.disabledReason === 'failing' ? `⏸️ ${t('webhooks:status_off', { since: when(w.disabledAt, lang) })}` : `⏸️ ${t('webhooks:status_off_plain')}`;
  if (w.firstFailureAt) return `⚠️ ${t('webhooks:status_failing', { since: when(w.firstFailureAt, lang), count: w.failures, reason: failureText(t, w.lastError) })}`;
  return `✅ ${t('webhooks:status_on')}`;
}

export function webhookListView(t: Translate, lang: Lang, hooks: readonly Webhook[]): View {
  if (hooks.length === 0) return { text: t('webhooks:list_empty'), blocks: [{ type: 'section', text: t('webhooks:list_empty') }] };
  const lines = hooks.map((w) => `${t('webhooks:list_item', { id: code(w.id), url: shownUrl(w.url), events: eventsText(t, w.events) })}\n${statusText(t, lang, w)}`);
  return {
    text: `${t('webhooks:list_title')} (${hooks.length})`,
    blocks: [{ type: 'section', text: `**${t('webhooks:list_title')}**` }, ...lines.map((text) => ({ type: 'section' as const, text }))],
  };
}

export function webhookAddedView(t: Translate, w: Webhook, secret: string): View {
  const added = t('webhooks:added', { id: code(w.id), url: shownUrl(w.url), events: eventsText(t, w.events) });
  return {
    text: added,
    blocks: [
      { type: 'section', text: `✅ ${added}` },
      { type: 'section', text: t('webhooks:secret_once', { secret: code(secret, 100) }) },
      { type: 'context', text: t('webhooks:verify_hint') },
    ],
  };
}

/** Told to organizers when the 24-hour rule turned a webhook off. */
export function webhookDisabledView(t: Translate, w: Webhook): View {
  const text = t('webhooks:disabled_notice', { id: code(w.id), url: shownUrl(w.url), reason: failureText(t, w.lastError) });
  return { text, blocks: [{ type: 'section', text: `⚠️ ${text}` }] };
}
