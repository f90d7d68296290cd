// R4.7 carrier error table: what the engine does with each Twilio error code.
// A "retry" in R4.7 means one new human press (R5.2c): nothing here resends automatically
// after the carrier accepted a message.

export type SmsErrorActionName =
  | 'opt_out' // R1.8 21610: opted out at the carrier -> org-wide suppression, contact opted_out
  | 'mark_invalid' // 21211, 30005: the number does not exist
  | 'mark_landline' // 21614, 30006: landline / unreachable carrier, never text again
  | 'do_not_contact' // 30004: blocked by recipient or carrier -> treat as do-not-contact (opt-out)
  | 'count_spam' // 30007: carrier spam filter -> count per campaign, auto-pause at a threshold
  | 'retry_later' // 30003, 30008, 30001: may work later, only through a new human press (>= 1 h later)
  | 'halt_service' // 30034: number not registered for 10DLC -> stop the campaign, alert an admin
  | 'fail'; // everything else: the message failed, nothing more

export interface SmsErrorAction {
  readonly action: SmsErrorActionName;
  /** True: the same text to this number will never work (no queue retry). */
  readonly permanent: boolean;
}

const TABLE: Readonly<Record<string, SmsErrorAction>> = {
  '21610': { action: 'opt_out', permanent: true },
  '21211': { action: 'mark_invalid', permanent: true },
  '30005': { action: 'mark_invalid', permanent: true },
  '21614': { action: 'mark_landline', permanent: true },
  '30006': { action: 'mark_landline', permanent: true },
  '30004': { action: 'do_not_contact', permanent: true },
  '30007': { action: 'count_spam', permanent: true },
  '30003': { action: 'retry_later', permanent: false },
  '30008': { action: 'retry_later', permanent: false },
  '30001': { action: 'retry_later', permanent: false },
  '30034': { action: 'halt_service', permanent: true },
  // 21408: SMS not enabled for the region (we block non-US numbers at import, R4.7).
  '21408': { action: 'fail', permanent: true },
  // 30036: ValidityPeriod expired at the carrier (R2.5): the window closed; a new press is needed.
  '30036': { action: 'fail', permanent: true },
};

/**
 * The R4.7 action for a carrier error code. Unknown codes: `fail`, permanent unless the
 * gateway said otherwise (`permanentHint`, from SmsError.permanent).
 */
export function smsErrorAction(code: string | undefined, permanentHint = true): SmsErrorAction {
  const hit = code === undefined ? undefined : TABLE[code];
  return hit ?? { action: 'fail', permanent: permanentHint };
}

/** Error codes the table knows, for tests and docs. */
export const KNOWN_SMS_ERROR_CODES: readonly string[] = Object.keys(TABLE);
