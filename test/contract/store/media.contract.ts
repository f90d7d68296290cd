/** Store contract: MMS media, stored whole and read back by an unguessable id. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { CONTRACT_NOW, seedOrg } from './fixtures.js';

export function mediaContract(get: () => Store): void {
  describe('media', () => {
    it('stores bytes, type and hash and reads them back by id, byte for byte', async () => {
      const s = get();
      const org = await seedOrg(s);
      const bytes = new Uint8Array(600 * 1024).map((_, i) => (i * 31) % 256);
      const saved = await s.media.create(org.id, { contentType: 'image/png', bytes, sha256: 'abc' });
      const back = await s.media.get(saved.id);
      expect(back).toMatchObject({ id: saved.id, orgId: org.id, contentType: 'image/png', sha256: 'abc' });
      expect(back?.createdAt.toISOString()).toBe(CONTRACT_NOW.toISOString());
      expect(back?.bytes?.length).toBe(bytes.length);
      expect(Buffer.from(back?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
      expect(back?.remoteUrl).toBeUndefined();
    });

    it('gives ids of at least 128 random bits, different every time', async () => {
      const s = get();
      const org = await seedOrg(s);
      const ids = new Set<string>();
      for (let i = 0; i < 20; i += 1) ids.add((await s.media.create(org.id, { contentType: 'image/gif', bytes: new Uint8Array([1]), sha256: 'x' })).id);
      expect(ids.size).toBe(20);
      for (const id of ids) {
        expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(Buffer.from(id, 'base64url').length).toBeGreaterThanOrEqual(16);
      }
    });

    it('records voter media by the carrier address without bytes', async () => {
      const s = get();
      const org = await seedOrg(s);
      const saved = await s.media.createRemote(org.id, { contentType: 'image/jpeg', remoteUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1' });
      const back = await s.media.get(saved.id);
      expect(back).toMatchObject({ orgId: org.id, contentType: 'image/jpeg', remoteUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1' });
      expect(back?.bytes).toBeUndefined();
    });

    it('answers null for an unknown or malformed id', async () => {
      const s = get();
      expect(await s.media.get('AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
      expect(await s.media.get('x'.repeat(500))).toBeNull();
      expect(await s.media.get('')).toBeNull();
    });

    it('returns copies: changing what was read changes nothing stored', async () => {
      const s = get();
      const org = await seedOrg(s);
      const saved = await s.media.create(org.id, { contentType: 'image/png', bytes: new Uint8Array([1, 2, 3]), sha256: 'x' });
      const first = await s.media.get(saved.id);
      first?.bytes?.fill(9);
      expect([...((await s.media.get(saved.id))?.bytes ?? [])]).toEqual([1, 2, 3]);
    });
  });
}
