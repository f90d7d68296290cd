/** Outgoing webhooks over HTTP: SSRF-checked, signed POSTs (see http-client.ts). */
export { createWebhookHttp, type WebhookHttpOptions, type Resolve } from './http-client.js';
export { refusedAddress } from './address-policy.js';
