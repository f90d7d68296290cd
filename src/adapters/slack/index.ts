export { createSlackClient, createSlackAdapter, type SlackClient, type SlackClientOptions, type SlackAdapterOptions } from './slack.js';
export type { BoltApp } from './bolt-app.js';
export type { SlackGateway } from './gateway.js';
export type { SlackLog } from './log.js';
export { SLACK_EVENTS_PATH } from './receiver.js';
export { renderView, renderBlocks } from './render.js';
export { renderModal } from './modal.js';
export { toMrkdwn, voterMrkdwn, escapeMrkdwn, fromSlackText } from './mrkdwn.js';
export { verifySlackSignature } from './verify.js';
