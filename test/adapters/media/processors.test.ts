/** The MediaProcessor port: the sharp adapter (real libvips) and the simulated one. */
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createSharpMediaProcessor, createSimulatedMediaProcessor, loadMediaProcessor } from '../../../src/adapters/media/index.js';
import { MMS_MAX_BYTES, sniffType } from '../../../src/core/media/media.js';

const noise = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 70 } } });
const solid = (w: number, h: number, c = '#3366cc') => sharp({ create: { width: w, height: h, channels: 3, background: c } });
const card = new TextEncoder().encode('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Org A\r\nTEL:+12025550100\r\nEND:VCARD\r\n');

describe('sharp media processor', { timeout: 40_000 }, () => {
  const processor = createSharpMediaProcessor(sharp);

  it('loads here (the prebuilt binary from the npm registry)', async () => {
    expect((await loadMediaProcessor()).processor.kind).toBe('sharp');
  });

  it('re-encodes a large JPEG photo to at most 600 KB, still a JPEG, metadata stripped', async () => {
    const big = await noise(3000, 2000).withMetadata({ exif: { IFD0: { Copyright: 'GPS here' } } }).jpeg({ quality: 95 }).toBuffer();
    expect(big.length).toBeGreaterThan(MMS_MAX_BYTES);
    const r = await processor.prepare({ name: 'Photo.jpg', bytes: big });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.contentType).toBe('image/jpeg');
    expect(r.value.bytes.length).toBeLessThanOrEqual(MMS_MAX_BYTES);
    const meta = await sharp(r.value.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(1600);
  });

  it('keeps a PNG a PNG and fits a photo-like one under the limit', async () => {
    const big = await noise(2000, 2000).png().toBuffer();
    expect(big.length).toBeGreaterThan(MMS_MAX_BYTES);
    const r = await processor.prepare({ name: 'poster.png', bytes: big });
    expect(r.ok && r.value.contentType === 'image/png' && r.value.bytes.length <= MMS_MAX_BYTES).toBe(true);
    if (r.ok) expect(sniffType(r.value.bytes)).toBe('image/png');
  });

  it('keeps a GIF animated (every frame) when it fits', async () => {
    const frames = await Promise.all(['#f00', '#0f0', '#00f'].map((c) => solid(400, 300, c).png().toBuffer()));
    const gif = await sharp(frames, { join: { animated: true } }).gif({ delay: [200, 200, 200], loop: 0 }).toBuffer();
    const r = await processor.prepare({ name: 'wave.gif', bytes: gif });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const meta = await sharp(r.value.bytes, { animated: true }).metadata();
    expect(meta.format).toBe('gif');
    expect(meta.pages).toBe(3);
  });

  it('refuses a file that is not what its name says, and a truncated image', async () => {
    expect(await processor.prepare({ name: 'logo.png', bytes: new TextEncoder().encode('not an image at all') })).toMatchObject({ ok: false, problem: { key: 'media:errors.not_what_name_says' } });
    const jpeg = await solid(200, 200).jpeg().toBuffer();
    expect(await processor.prepare({ name: 'logo.png', bytes: jpeg })).toMatchObject({ ok: false, problem: { key: 'media:errors.name_mismatch' } });
    expect(await processor.prepare({ name: 'cut.jpg', bytes: jpeg.subarray(0, 40) })).toMatchObject({ ok: false, problem: { key: 'media:errors.unreadable' } });
  });

  it('refuses a picture beyond the pixel limit as oversized, before decoding it', async () => {
    const huge = await solid(8000, 6000).png({ compressionLevel: 9 }).toBuffer();
    expect(await processor.prepare({ name: 'huge.png', bytes: huge })).toMatchObject({ ok: false, problem: { key: 'media:errors.too_large' } });
  });

  it('refuses an image it cannot bring under the limit', async () => {
    const tight = createSharpMediaProcessor(sharp, { maxBytes: 200 });
    const img = await noise(600, 600).jpeg().toBuffer();
    expect(await tight.prepare({ name: 'a.jpg', bytes: img })).toMatchObject({ ok: false, problem: { key: 'media:errors.too_large', params: { file: 'a.jpg' } } });
  });

  it('checks a vCard field by field', async () => {
    expect(await processor.prepare({ name: 'org.vcf', bytes: card })).toMatchObject({ ok: true, value: { contentType: 'text/vcard' } });
    const bad = new TextEncoder().encode('BEGIN:VCARD\nVERSION:4.0\nFN:Org A\nEMAIL:nope\nEND:VCARD\n');
    expect(await processor.prepare({ name: 'org.vcf', bytes: bad })).toMatchObject({ ok: false, problem: { key: 'media:errors.vcard_field', params: { field: 'EMAIL' } } });
  });
});

describe('simulated media processor', () => {
  const processor = createSimulatedMediaProcessor();

  it('takes a small valid image as it is', async () => {
    const png = await solid(50, 50).png().toBuffer();
    const r = await processor.prepare({ name: 'a.png', bytes: png });
    expect(r.ok && Buffer.from(r.value.bytes).equals(png)).toBe(true);
  });

  it('refuses what it would have to re-encode, and files that lie about their type', async () => {
    const big = await noise(1500, 1500).png().toBuffer();
    expect(await processor.prepare({ name: 'a.png', bytes: big })).toMatchObject({ ok: false, problem: { key: 'media:errors.too_large' } });
    expect(await processor.prepare({ name: 'a.gif', bytes: big })).toMatchObject({ ok: false, problem: { key: 'media:errors.name_mismatch' } });
    expect(await processor.prepare({ name: 'org.vcf', bytes: card })).toMatchObject({ ok: true });
  });
});
