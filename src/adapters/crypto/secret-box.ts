// Secrets the org hands Textbank (CRM API keys, webhook signing secrets) are stored sealed:
// AES-256-GCM under a key derived from SECRET_KEY, so a copied database alone reveals none.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../core/ports.js';

const VERSION = 'v1';
const IV_BYTES = 12;

/** Derives the 32-byte AES key from the operator's SECRET_KEY (any length of at least 32 characters). */
function keyFrom(secret: string): Buffer {
  return createHash('sha256').update(`textbank-secret-box:${secret}`).digest();
}

export function createSecretBox(secret: string): SecretBox {
  const key = keyFrom(secret);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== VERSION || iv === undefined || body === undefined || tag === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * A key that lives as long as the process: fine for the in-memory store (its data dies with the
 * process too), never for MongoDB, where sealed secrets must open after a restart.
 */
export function createEphemeralSecretBox(): SecretBox {
  return createSecretBox(randomBytes(32).toString('base64url'));
}
