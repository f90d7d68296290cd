/**
 * The Slack adapter in two steps, because the chat gateway must exist before the commands
 * (the notifier posts through it) and the Bolt app needs the commands' dispatcher:
 * 1. createSlackClient: Web API client, identity caches, ChatGateway, file-download headers.
 * 2. createSlackAdapter: the Bolt app and its transport (HTTP plugin or Socket Mode).
 */
import type { Lang } from '../../core/model/common.js';
import type { Clock, Store } from '../../core/ports.js';
import type { Reply } from '../../core/views/view.js';
import type { Translate } from '../../commands/framework/definition.js';
import type { Invocation } from '../../commands/framework/invocation.js';
import { createSlackApi, type SlackApi, type SlackApiCounters } from './api.js';
import { createBoltApp, type BoltApp } from './bolt-app.js';
import { createSlackGateway, type SlackGateway } from './gateway.js';
import { createSlackHandlers } from './handlers.js';
import { createSlackHosts, type SlackHosts } from './hosts.js';
import { createSlackIdentity, type SlackIdentity } from './identity.js';
import type { SlackLog } from './log.js';

export interface SlackClientOptions {
  botToken: string;
  /** SLACK_API_URL: a Web API base other than https://slack.com/api/ (tests: the fake). */
  apiUrl?: string;
  clock: Clock;
  log: SlackLog;
  /** Translator for texts the gateway adds itself (limits notes), in the org default language. */
  t: Translate;
  /** Operator counters of Web API requests and rate limits. */
  counters?: SlackApiCounters;
}

export interface SlackClient {
  api: SlackApi;
  hosts: SlackHosts;
  identity: SlackIdentity;
  gateway: SlackGateway;
  /** For the app's FileService: the bot token, for Slack's file host only. */
  headersFor(url: string): Record<string, string> | undefined;
}

export function createSlackClient(opts: SlackClientOptions): SlackClient {
  const hosts = createSlackHosts({ token: opts.botToken, ...(opts.apiUrl ? { extraOrigins: [opts.apiUrl] } : {}) });
  const api = createSlackApi({ token: opts.botToken, ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}), hosts, clock: opts.clock, log: opts.log, ...(opts.counters ? { counters: opts.counters } : {}) });
  const identity = createSlackIdentity({ api, clock: opts.clock, log: opts.log });
  const gateway = createSlackGateway({ api, identity, t: opts.t });
  return { api, hosts, identity, gateway, headersFor: (url) => hosts.fileHeaders(url) };
}

export interface SlackAdapterOptions {
  client: SlackClient;
  botToken: string;
  apiUrl?: string;
  /** The commands' dispatcher: `createDispatcher(...).handle`. */
  handle(inv: Invocation): Promise<Reply[]>;
  store: Store;
  clock: Clock;
  log: SlackLog;
  translator(lang: Lang): Translate;
  defaultLang: Lang;
  command?: string;
  /** Socket Mode with this app-level token; else HTTP, verified with the signing secret. */
  appToken?: string;
  signingSecret?: string;
  modalAckMs?: number;
  ackTimeoutMs?: number;
}

export function createSlackAdapter(opts: SlackAdapterOptions): BoltApp {
  const { client } = opts;
  const handlers = createSlackHandlers({
    handle: opts.handle,
    api: client.api,
    identity: client.identity,
    gateway: client.gateway,
    store: opts.store,
    clock: opts.clock,
    log: opts.log,
    translator: opts.translator,
    defaultLang: opts.defaultLang,
    ...(opts.modalAckMs !== undefined ? { modalAckMs: opts.modalAckMs } : {}),
  });
  let transport: Parameters<typeof createBoltApp>[0]['transport'];
  if (opts.appToken) transport = { kind: 'socket', appToken: opts.appToken };
  else if (opts.signingSecret) transport = { kind: 'http', receiver: { signingSecret: opts.signingSecret, clock: opts.clock, ...(opts.ackTimeoutMs ? { ackTimeoutMs: opts.ackTimeoutMs } : {}) } };
  else throw new Error('Slack needs SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)');
  return createBoltApp({
    botToken: opts.botToken,
    api: client.api,
    handlers,
    log: opts.log,
    transport,
    ...(opts.command ? { command: opts.command } : {}),
    ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}),
  });
}
