import type { TFunction } from 'i18next';
import type { Clock, SmsGateway } from '../core/ports.js';
import type { Config } from './config.js';
import { createSimulatedCarrier, type SimulatedCarrier, type StatusCallback, type InboundSms } from '../adapters/simulated-sms/index.js';

export interface SmsChoice {
  sms: SmsGateway;
  /** Present in sandbox mode: the web sandbox injects voter replies through it. */
  simulated?: SimulatedCarrier;
  line: string;
}

export interface CarrierEvents {
  onStatus(cb: StatusCallback): Promise<void>;
  onInbound(m: InboundSms): Promise<void>;
}

/** Twilio when its credentials are set; else the simulated carrier (sandbox). */
export function chooseSms(config: Config, clock: Clock, events: CarrierEvents, t: TFunction): SmsChoice {
  if (config.realSms) {
    // Seam for issue 6: the Twilio SmsGateway and its signed webhooks plug in here.
    throw new Error('Twilio credentials are set, but the Twilio adapter is not part of this build yet; unset TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN to use the simulated carrier.');
  }
  const simulated = createSimulatedCarrier({ clock, onStatus: (cb) => events.onStatus(cb), onInbound: (m) => events.onInbound(m), statusDelayMs: 300 });
  return { sms: simulated, simulated, line: t('common:startup.sms.simulated', { why: 'no Twilio credentials are set' }) };
}
