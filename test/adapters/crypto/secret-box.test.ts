import { describe, expect, it } from 'vitest';
import { createEphemeralSecretBox, createSecretBox } from '../../../src/adapters/crypto/secret-box.js';

describe('secret box (secrets at rest)', () => {
  const key = 'k'.repeat(40);

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('van-api-key|1');
    expect(sealed).not.toContain('van-api-key');
    expect(box.open(sealed)).toBe('van-api-key|1');
  });

  it('seals the same secret differently each time (random IV)', () => {
    const box = createSecretBox(key);
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a sealed text made with another key or altered', () => {
    const sealed = createSecretBox(key).seal('secret');
    expect(() => createSecretBox('x'.repeat(40)).open(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[2] = Buffer.from('tampered').toString('base64url');
    expect(() => createSecretBox(key).open(parts.join('.'))).toThrow();
    expect(() => createSecretBox(key).open('plain text')).toThrow();
  });

  it('an ephemeral box works within its process', () => {
    const box = createEphemeralSecretBox();
    expect(box.open(box.seal('abc'))).toBe('abc');
  });
});
