/** Base error with a stable code (CONVENTIONS §8). Never put secrets or phone numbers in `context`. */
export class AppError extends Error {
  constructor(readonly code: string, message?: string, options?: { cause?: unknown }) {
    super(message ?? code, options);
    this.name = new.target.name;
  }
}

/** A failure a person should read: `identifier` is an i18n key, `context` its interpolation params. */
export class UserError extends AppError {
  constructor(readonly identifier: string, readonly context: Record<string, string | number> = {}) {
    super(identifier);
  }
}

/** A uniqueness constraint was hit (store). */
export class DuplicateError extends AppError {
  constructor(readonly entity: string, readonly key: string) {
    super('DUPLICATE', `${entity} already exists: ${key}`);
  }
}

export class NotFoundError extends AppError {
  constructor(readonly entity: string, readonly id: string) {
    super('NOT_FOUND', `${entity} not found: ${id}`);
  }
}

/** A carrier refused or failed a send (DESIGN: SmsGateway). `permanent` means never retry. */
export class SmsError extends AppError {
  constructor(readonly smsCode: string, readonly permanent: boolean, readonly reason: string) {
    super('SMS_ERROR', `sms ${smsCode}: ${reason}`);
  }
}

/** An optional port feature that this adapter does not have (never a silent no-op). */
export class NotImplementedError extends AppError {
  constructor(readonly feature: string) {
    super('NOT_IMPLEMENTED', `not implemented: ${feature}`);
  }
}

export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };
export const Ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const Err = <E>(error: E): Result<never, E> => ({ ok: false, error });
