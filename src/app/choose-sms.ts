import type { TFunction } from 'i18next';
import type { Clock, SmsGateway } from '../core/ports.js';
import type { Config } from './config.js';
import { CARRIER_DEFAULT_KEYWORDS } from '../core/engine-config.js';
import type { KeywordReplies } from '../core/model/org.js';
import type { HttpServer } from './server.js';
import { createSimulatedCarrier, type SimulatedCarrier, type StatusCallback, type InboundSms } from '../adapters/simulated-sms/index.js';
import { createTwilioGateway, twilioWebhooks, type TwilioInbound, type TwilioStatus } from '../adapters/twilio/index.js';

/** What the Twilio webhooks hand to the app once the signature is checked (the engine stores it). */
export interface SmsWebhookHandlers {
  /** Resolve only once the text (and any opt-out) is stored: Twilio gets 200 after that (R1.4). */
  onInbound(m: TwilioInbound): Promise<void>;
  onStatus(s: TwilioStatus): Promise<void>;
}

export interface SmsChoice {
  sms: SmsGateway;
  /** Present in sandbox mode: the web sandbox injects voter replies through it. */
  simulated?: SimulatedCarrier;
  /** Present with Twilio: registers POST /twilio/inbound and /twilio/status (signed webhooks, R7.1). */
  routes?: (server: HttpServer, handlers: SmsWebhookHandlers) => Promise<void>;
  line: string;
}

export interface CarrierEvents {
  onStatus(cb: StatusCallback): Promise<void>;
  onInbound(m: InboundSms): Promise<void>;
}

/**
 * The keywords Twilio Advanced Opt-Out answers itself when the Messaging Service is set up as the
 * README says (Twilio's defaults, plus ALTO as an opt-out word and AYUDA as a help word, R1.3):
 * an org whose keyword replies are the carrier's gets no second reply from Textbank to these (R1.6).
 */
export const TWILIO_ADVANCED_OPT_OUT_KEYWORDS: readonly string[] = [...CARRIER_DEFAULT_KEYWORDS, 'ALTO', 'AYUDA'];

/**
 * New orgs' keyword replies: the carrier's with Twilio and a Messaging Service (Advanced Opt-Out
 * replies there, R1.3, R4.5); Textbank's with the simulated carrier or a single From number.
 */
export function defaultKeywordReplies(config: Config): KeywordReplies {
  return config.realSms && config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.TWILIO_MESSAGING_SERVICE_SID ? 'carrier' : 'textbank';
}

/** Path of the status callback under PUBLIC_URL (R4.5). */
export const TWILIO_STATUS_CALLBACK_PATH = '/twilio/status';

/** Twilio when its credentials are set; else the simulated carrier (sandbox). */
export function chooseSms(config: Config, clock: Clock, events: CarrierEvents, t: TFunction): SmsChoice {
  if (config.realSms && config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN) {
    const authToken = config.TWILIO_AUTH_TOKEN;
    const sms = createTwilioGateway({
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken,
      ...(config.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID } : {}),
      ...(config.TWILIO_FROM_NUMBER ? { from: config.TWILIO_FROM_NUMBER } : {}),
      ...(config.TWILIO_API_URL ? { apiBaseUrl: config.TWILIO_API_URL } : {}),
      httpClient: config.HTTP_PROXY || config.TWILIO_CA_BUNDLE ? 'sdk' : 'direct',
      statusCallbackUrl: config.publicUrl + TWILIO_STATUS_CALLBACK_PATH,
    });
    const routes = async (server: HttpServer, handlers: SmsWebhookHandlers): Promise<void> => {
      await server.register(twilioWebhooks, { authToken, publicUrl: config.publicUrl, clock, onInbound: handlers.onInbound, onStatus: handlers.onStatus });
    };
    return { sms, routes, line: t('common:startup.sms.twilio') };
  }
  const simulated = createSimulatedCarrier({ clock, onStatus: (cb) => events.onStatus(cb), onInbound: (m) => events.onInbound(m), statusDelayMs: 300 });
  return { sms: simulated, simulated, line: t('common:startup.sms.simulated', { why: 'no Twilio credentials are set' }) };
}
