// A CRM API key never reaches a log line, whatever object it rides in (a form's fields, client
// options, a stored connection's sealed form, the server's SECRET_KEY).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';

describe('log redaction of CRM secrets', () => {
  it('masks api_key, apiKey, sealedKey and SECRET_KEY one level down', () => {
    const lines: string[] = [];
    const out = new Writable({ write: (c: Buffer, _e, cb) => void (lines.push(c.toString()), cb()) });
    const log = createLogger('info', out);
    log.info({ fields: { api_key: 'van-key-123' }, client: { apiKey: 'an-key-456' }, connection: { sealedKey: 'v1.abc' }, config: { SECRET_KEY: 'k'.repeat(40) } }, 'crm');
    const text = lines.join('');
    for (const secret of ['van-key-123', 'an-key-456', 'v1.abc', 'k'.repeat(40)]) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
