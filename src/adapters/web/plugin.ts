/**
 * The sandbox as a fastify plugin (register it without a prefix): the page at /sandbox/ (and at
 * / unless `serveRoot: false`), its assets, and a JSON API under /sandbox/api. Each POST is
 * parsed with zod, becomes one neutral Invocation (platform 'sandbox', a fresh interaction id
 * per request, R5.2b) for the commands' dispatcher, and its Replies are applied to the sandbox
 * chat (apply-replies.ts). Nothing here trusts the page for authority: the member id only says
 * who is acting in this local demo; roles are checked by the dispatcher from the store.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Invocation, Actor, Attachment, InterimReply } from '../../commands/framework/invocation.js';
import { Lang } from '../../core/model/common.js';
import type { Reply, View } from '../../core/views/view.js';
import { ActionBody, CarrierFilterBody, CommandBody, ModalBody, PhoneBody, StateQuery, ThreadBody, UploadParams, UploadQuery } from './api-schemas.js';
import { applyReplies, type ReplyContext } from './apply-replies.js';
import { loadPageAssets, sampleCsvPath, type PageAssets } from './assets.js';
import { FILE_ROUTE } from './chat-types.js';
import { PAGE_CSP, pageBoot, renderPage } from './page.js';
import type { SandboxTranslate } from './page-strings.js';
import { PhoneReplyError, type PhonePanel } from './phones.js';
import { findMember, type SandboxMember } from './roster.js';
import type { SandboxChat } from './sandbox-chat.js';
import { buildState } from './state.js';

export interface SandboxPluginOptions {
  /** The commands' dispatcher: `createDispatcher(...).handle`. */
  handle(inv: Invocation): Promise<Reply[]>;
  chat: SandboxChat;
  roster: readonly SandboxMember[];
  phone: PhonePanel;
  /**
   * The simulated carrier's filtering switch (structural: the simulated carrier has it). Absent:
   * the page has no "Simulate carrier filtering" control's route (it answers 404).
   */
  carrierFilter?: CarrierFilter;
  /** i18next-backed translator, e.g. `(lang, key, params) => i18n.t(lang)(key, params)`. */
  t: SandboxTranslate;
  /** The sandbox workspace id (Actor.orgExternalId). */
  orgExternalId: string;
  /** Workspace name given to `setup` (default: the localized "Sandbox workspace"). */
  orgName?: string;
  defaultLang?: Lang;
  /** Delivers a `thread` reply to its conversation's thread (the app passes its notifier's). */
  postToConversation?(conversationId: string, view: View): Promise<void>;
  /** Delivers a `dm` reply whose member id is a store id (the app maps it to a platform user). */
  dmMember?(memberId: string, view: View): Promise<void>;
  /** Also serve the page at '/' (default true). */
  serveRoot?: boolean;
  /**
   * Base of the attachment URLs handed to commands (the app fetches them to import), e.g. the
   * configured public URL. Default: the request's own scheme and host.
   */
  baseUrl?: string;
  /** Largest upload accepted, in bytes (default 10 MB). */
  maxUploadBytes?: number;
  assets?: PageAssets;
}

/** What the carrier-filtering control needs from the simulated carrier. */
export interface CarrierFilter {
  filterNext(texts: number): void;
  filtering(): number;
}

/** How many texts one press of "Simulate carrier filtering" fails: enough to cross the pause share of the smallest judged window. */
export const CARRIER_FILTER_TEXTS = 10;

/** The bundled sample CSV is always available as this upload id. */
export const SAMPLE_UPLOAD_ID = 'sample-voters';

type Problem = { status: number; key: string; params?: Record<string, unknown> };

export async function sandboxPlugin(app: FastifyInstance, opts: SandboxPluginOptions): Promise<void> {
  const { chat, roster, t } = opts;
  const defaultLang = opts.defaultLang ?? 'en';
  const assets = opts.assets ?? loadPageAssets();
  const maxUpload = opts.maxUploadBytes ?? 10 * 1024 * 1024;
  const sampleCsv = readFileSync(sampleCsvPath());
  const defaultChannelId = chat.channels().find((c) => c.kind === 'channel')?.id ?? 'campaign';

  app.addContentTypeParser(['application/octet-stream', 'text/csv'], { parseAs: 'buffer', bodyLimit: maxUpload }, (_req, body, done) => done(null, body));

  const langOf = (raw: unknown): Lang => Lang.safeParse(raw).data ?? defaultLang;

  const problem = (reply: FastifyReply, lang: Lang, p: Problem) =>
    reply.code(p.status).send({ error: p.key, message: t(lang, `sandbox:errors.${p.key}`, p.params ?? {}) });

  /** Parses with zod; on failure answers 400 and returns undefined. */
  function parse<S extends z.ZodType>(schema: S, raw: unknown, reply: FastifyReply, lang: Lang): z.infer<S> | undefined {
    const res = schema.safeParse(raw ?? {});
    if (res.success) return res.data;
    const issue = res.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    void problem(reply, lang, { status: 400, key: 'invalid', params: { problem: `${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}` } });
    return undefined;
  }

  function memberOr400(id: string, reply: FastifyReply, lang: Lang): SandboxMember | undefined {
    const member = findMember(roster, id);
    if (!member) void problem(reply, lang, { status: 400, key: 'unknownMember', params: { id: id.slice(0, 64) } });
    return member;
  }

  function actorOf(member: SandboxMember, lang: Lang | undefined): Actor {
    return {
      platform: 'sandbox',
      orgExternalId: opts.orgExternalId,
      orgName: opts.orgName ?? t(defaultLang, 'sandbox:page.workspace'),
      userId: member.id,
      displayName: member.displayName,
      ...(lang ? { locale: lang } : {}),
      orgLocale: defaultLang,
      isPlatformAdmin: member.isPlatformAdmin === true,
    };
  }

  const baseUrl = (req: FastifyRequest): string => opts.baseUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.host}`;

  /** A stored file; the bundled sample is always there (re-added if newer uploads pushed it out). */
  const fileOf = (id: string) =>
    chat.getFile(id) ?? (id === SAMPLE_UPLOAD_ID ? chat.putFile({ name: 'sample-voters.csv', content: sampleCsv, contentType: 'text/csv; charset=utf-8' }, SAMPLE_UPLOAD_ID) : undefined);

  /** Upload ids -> attachments whose URL points back at this server; null when one is unknown. */
  function attachmentsOf(req: FastifyRequest, refs: { uploadId: string }[]): Attachment[] | null {
    const out: Attachment[] = [];
    for (const ref of refs) {
      const file = fileOf(ref.uploadId);
      if (!file) return null;
      out.push({ name: file.name, url: `${baseUrl(req)}${FILE_ROUTE}/${encodeURIComponent(file.id)}`, size: file.content.length });
    }
    return out;
  }

  /** Interim replies (import progress) show at once as one ephemeral message, replaced on each call. */
  function interimFor(memberId: string, channelId: string, threadId?: string): { show: InterimReply; messageId(): string | undefined } {
    let messageId: string | undefined;
    return {
      show: async (r) => {
        if (r.kind !== 'ephemeral' && r.kind !== 'channel' && r.kind !== 'update') return;
        if (messageId) await chat.update({ platform: 'sandbox', channelId, messageId }, r.view);
        else messageId = chat.postEphemeral(memberId, channelId, r.view, threadId).id;
      },
      messageId: () => messageId,
    };
  }

  /** Runs one invocation and applies its replies; the page gets the version and any modal. */
  async function run(reply: FastifyReply, inv: Invocation, where: Omit<ReplyContext, 'chat' | 'roster'>, interim?: { messageId(): string | undefined }) {
    let replies: Reply[];
    try {
      replies = await opts.handle(inv);
    } catch (err) {
      reply.log.error({ err }, 'sandbox: command handling failed');
      return problem(reply, langOf(inv.actor.locale), { status: 500, key: 'unexpected' });
    }
    const interimMessageId = interim?.messageId();
    const effects = await applyReplies({ chat, roster, ...where, ...(interimMessageId ? { interimMessageId } : {}) }, replies, {
      ...(opts.postToConversation ? { postToConversation: opts.postToConversation } : {}),
      ...(opts.dmMember ? { dmMember: opts.dmMember } : {}),
      log: reply.log,
    });
    return reply.send({ ok: true, version: chat.version(), ...effects });
  }

  // ---------- page and assets ----------
  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    const lang = langOf((req.query as Record<string, unknown> | undefined)?.lang);
    const boot = pageBoot({ t, lang, roster, defaultChannelId, sampleUploadId: SAMPLE_UPLOAD_ID, carrierFilterTexts: CARRIER_FILTER_TEXTS });
    return reply
      .header('content-security-policy', PAGE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(renderPage(assets.html, t, boot));
  };
  app.get('/sandbox', page);
  app.get('/sandbox/', page);
  if (opts.serveRoot !== false) app.get('/', page);
  for (const [name, file] of Object.entries(assets.files)) {
    app.get(`/sandbox/assets/${name}`, async (_req, reply) => reply.type(file.type).header('x-content-type-options', 'nosniff').send(file.body));
  }
  app.get('/sandbox/sample-voters.csv', async (_req, reply) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="sample-voters.csv"').send(sampleCsv),
  );

  // ---------- state ----------
  // Polled every 700 ms by the page: keep it out of the info-level request log.
  app.get('/sandbox/api/state', { logLevel: 'warn' }, async (req, reply) => {
    const query = parse(StateQuery, req.query, reply, defaultLang);
    if (!query) return reply;
    const lang = query.lang ?? defaultLang;
    const member = memberOr400(query.memberId, reply, lang);
    if (!member) return reply;
    return reply.header('cache-control', 'no-store').send(
      {
        ...buildState({ chat, roster, member, ...(query.channelId ? { channelId: query.channelId } : {}), ...(query.threadId ? { threadId: query.threadId } : {}), phones: opts.phone.list(), t, lang }),
        // null: no simulated carrier behind this page, so no filtering control.
        carrierFilterLeft: opts.carrierFilter ? opts.carrierFilter.filtering() : null,
      },
    );
  });

  // ---------- commands typed in the composer ----------
  app.post('/sandbox/api/command', async (req, reply) => {
    const lang0 = langOf((req.body as { lang?: unknown } | undefined)?.lang);
    const body = parse(CommandBody, req.body, reply, lang0);
    if (!body) return reply;
    const member = memberOr400(body.memberId, reply, lang0);
    if (!member) return reply;
    const channel = chat.channel(body.channelId);
    if (!channel || (channel.kind === 'dm' && channel.memberId !== member.id)) return problem(reply, lang0, { status: 400, key: 'unknownChannel', params: { id: body.channelId } });
    const match = /^\/textbank(?:\s+([\s\S]*))?$/i.exec(body.text);
    if (!match) {
      if (body.text.startsWith('/')) {
        chat.postEphemeral(member.id, channel.id, { text: t(lang0, 'sandbox:composer.notCommand'), blocks: [] });
      } else {
        chat.postAs(member.id, channel.id, { text: body.text, blocks: [] });
      }
      return reply.send({ ok: true, version: chat.version() });
    }
    const attachments = attachmentsOf(req, body.attachments ?? []);
    if (!attachments) return problem(reply, lang0, { status: 400, key: 'unknownFile' });
    const interim = interimFor(member.id, channel.id);
    const inv: Invocation = {
      kind: 'command',
      actor: actorOf(member, body.lang),
      channelId: channel.id,
      interactionId: randomUUID(),
      text: (match[1] ?? '').trim(),
      ...(attachments.length ? { attachments } : {}),
      interim: interim.show,
    };
    return run(reply, inv, { memberId: member.id, channelId: channel.id }, interim);
  });

  // ---------- button presses and select choices ----------
  app.post('/sandbox/api/action', async (req, reply) => {
    const lang0 = langOf((req.body as { lang?: unknown } | undefined)?.lang);
    const body = parse(ActionBody, req.body, reply, lang0);
    if (!body) return reply;
    const member = memberOr400(body.memberId, reply, lang0);
    if (!member) return reply;
    const message = chat.message(body.messageId);
    if (!message || !chat.canSee(member.id, message)) return problem(reply, lang0, { status: 400, key: 'unknownMessage' });
    const inv: Invocation = {
      kind: 'action',
      actor: actorOf(member, body.lang),
      actionId: body.actionId,
      ...(body.value !== undefined ? { value: body.value } : {}),
      channelId: message.channelId,
      message: { platform: 'sandbox', channelId: message.channelId, messageId: message.id, ...(message.threadId ? { threadId: message.threadId } : {}) },
      interactionId: randomUUID(),
    };
    return run(reply, inv, { memberId: member.id, channelId: message.channelId, messageId: message.id, ...(message.threadId ? { threadId: message.threadId } : {}) });
  });

  // ---------- modal submissions ----------
  app.post('/sandbox/api/modal', async (req, reply) => {
    const lang0 = langOf((req.body as { lang?: unknown } | undefined)?.lang);
    const body = parse(ModalBody, req.body, reply, lang0);
    if (!body) return reply;
    const member = memberOr400(body.memberId, reply, lang0);
    if (!member) return reply;
    const channelId = body.channelId && chat.channel(body.channelId) ? body.channelId : defaultChannelId;
    const fileInputs = Object.entries(body.files ?? {});
    const attachments = attachmentsOf(req, fileInputs.map(([, ref]) => ref));
    if (!attachments) return problem(reply, lang0, { status: 400, key: 'unknownFile' });
    const interim = interimFor(member.id, channelId, body.threadId);
    const values = { ...body.values };
    fileInputs.forEach(([inputId], i) => {
      values[inputId] = attachments[i]?.url ?? '';
    });
    const inv: Invocation = {
      kind: 'modal',
      actor: actorOf(member, body.lang),
      modalId: body.modalId,
      ...(body.privateValue !== undefined ? { privateValue: body.privateValue } : {}),
      values,
      ...(attachments.length ? { attachments } : {}),
      channelId,
      interactionId: randomUUID(),
      interim: interim.show,
    };
    return run(reply, inv, { memberId: member.id, channelId, ...(body.threadId ? { threadId: body.threadId } : {}) }, interim);
  });

  // ---------- a member typing in a thread ----------
  app.post('/sandbox/api/thread', async (req, reply) => {
    const lang0 = langOf((req.body as { lang?: unknown } | undefined)?.lang);
    const body = parse(ThreadBody, req.body, reply, lang0);
    if (!body) return reply;
    const member = memberOr400(body.memberId, reply, lang0);
    if (!member) return reply;
    const root = chat.message(body.threadId);
    if (!root || root.threadId || root.channelId !== body.channelId || !chat.canSee(member.id, root)) return problem(reply, lang0, { status: 400, key: 'unknownMessage' });
    chat.postAs(member.id, root.channelId, { text: body.text, blocks: [] }, root.id);
    const inv: Invocation = { kind: 'thread_message', actor: actorOf(member, body.lang), channelId: root.channelId, threadId: root.id, text: body.text, interactionId: randomUUID() };
    return run(reply, inv, { memberId: member.id, channelId: root.channelId, threadId: root.id });
  });

  // ---------- the voter side ----------
  app.post('/sandbox/api/phone', async (req, reply) => {
    const lang = langOf((req.query as Record<string, unknown> | undefined)?.lang);
    const body = parse(PhoneBody, req.body, reply, lang);
    if (!body) return reply;
    try {
      await opts.phone.reply(body.from, body.body);
    } catch (err) {
      if (err instanceof PhoneReplyError) return problem(reply, lang, { status: 400, key: err.code === 'unknown_phone' ? 'unknownPhone' : 'noOrgNumber' });
      throw err;
    }
    return reply.send({ ok: true, version: chat.version() });
  });

  // ---------- the carrier: simulated filtering (30007) ----------
  // The next texts come back undelivered through the carrier's normal status callbacks, so the
  // deliverability guardrail sees exactly what a real filtering burst would show it.
  app.post('/sandbox/api/carrier-filter', async (req, reply) => {
    const lang0 = langOf((req.body as { lang?: unknown } | undefined)?.lang);
    const body = parse(CarrierFilterBody, req.body, reply, lang0);
    if (!body) return reply;
    if (!opts.carrierFilter) return problem(reply, lang0, { status: 404, key: 'noCarrierFilter' });
    opts.carrierFilter.filterNext(body.texts);
    const left = opts.carrierFilter.filtering();
    return reply.send({ ok: true, left, message: t(lang0, left > 0 ? 'sandbox:phones.filterOn' : 'sandbox:phones.filterOff', { n: left }) });
  });

  // ---------- files ----------
  app.post('/sandbox/api/upload', async (req, reply) => {
    const query = parse(UploadQuery, req.query, reply, defaultLang);
    if (!query) return reply;
    if (!Buffer.isBuffer(req.body)) return problem(reply, defaultLang, { status: 400, key: 'invalid', params: { problem: 'send the file as application/octet-stream' } });
    const file = chat.putFile({ name: query.name.replace(/[\\/\r\n"]/g, '_'), content: req.body });
    return reply.send({ uploadId: file.id, name: file.name, size: file.content.length });
  });

  app.get(`${FILE_ROUTE}/:id`, async (req, reply) => {
    const params = parse(UploadParams, req.params, reply, defaultLang);
    if (!params) return reply;
    const file = fileOf(params.id);
    if (!file) return problem(reply, defaultLang, { status: 404, key: 'unknownFile' });
    return reply
      .type(file.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`)
      .send(file.content);
  });
}
