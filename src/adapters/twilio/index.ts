export { createTwilioGateway, clampValidityPeriod, VALIDITY_MAX_S, VALIDITY_MIN_S, type TwilioGateway, type TwilioGatewayOptions } from './twilio-gateway.js';
export { twilioWebhooks, EMPTY_TWIML, TWILIO_INBOUND_PATH, TWILIO_STATUS_PATH, type TwilioWebhookOptions, type WebhookLogger } from './twilio-webhooks.js';
export type { TwilioInbound, TwilioStatus, FormParams } from './twilio-params.js';
export { toMessageStatus, TWILIO_STATUS_MAP } from './twilio-statuses.js';
export { toSmsError } from './twilio-errors.js';
export { DirectRequestClient, RebasedRequestClient, formEncode, rebaseTwilioUri, TWILIO_API_BASE } from './twilio-http-client.js';
