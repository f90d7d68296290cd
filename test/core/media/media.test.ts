import { describe, expect, it } from 'vitest';
import { checkUploadType, inboundMediaUrl, isAllowedInboundType, mediaUrl, sniffType, typeFromName } from '../../../src/core/media/media.js';
import { checkVCard } from '../../../src/core/media/vcard.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
const GIF = new TextEncoder().encode('GIF89a....');
const enc = (s: string) => new TextEncoder().encode(s);

describe('media types', () => {
  it('recognises JPEG, PNG, GIF and vCard by their first bytes, nothing else', () => {
    expect(sniffType(PNG)).toBe('image/png');
    expect(sniffType(JPEG)).toBe('image/jpeg');
    expect(sniffType(GIF)).toBe('image/gif');
    expect(sniffType(enc('\uFEFF\r\nbegin:vcard\r\n'))).toBe('text/vcard');
    expect(sniffType(enc('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffType(enc('GIF87b'))).toBeNull();
    expect(sniffType(new Uint8Array())).toBeNull();
  });

  it('reads the claimed type from the extension', () => {
    expect(typeFromName('Logo.JPG')).toBe('image/jpeg');
    expect(typeFromName('card.vcf')).toBe('text/vcard');
    expect(typeFromName('x.webp')).toBeNull();
    expect(typeFromName('png')).toBeNull();
  });

  it('refuses a file that is not what its name says, and one whose type we do not take', () => {
    expect(checkUploadType('photo.png', PNG)).toEqual({ ok: true, value: 'image/png' });
    expect(checkUploadType('photo.png', enc('hello, I am text'))).toMatchObject({ ok: false, problem: { key: 'media:errors.not_what_name_says', params: { file: 'photo.png', says: 'PNG' } } });
    expect(checkUploadType('photo.png', JPEG)).toMatchObject({ ok: false, problem: { key: 'media:errors.name_mismatch', params: { says: 'PNG', is: 'JPEG' } } });
    expect(checkUploadType('photo.webp', PNG)).toMatchObject({ ok: false, problem: { key: 'media:errors.unsupported' } });
    expect(checkUploadType('photo.png', new Uint8Array())).toMatchObject({ ok: false, problem: { key: 'media:errors.empty' } });
  });

  it('builds our addresses, never anything else', () => {
    expect(mediaUrl('https://tb.example.org/', 'abc_-1')).toBe('https://tb.example.org/media/abc_-1');
    expect(inboundMediaUrl('https://tb.example.org', 'x')).toBe('https://tb.example.org/media/in/x');
  });

  it('passes on only media types an MMS carries', () => {
    expect(isAllowedInboundType('image/jpeg')).toBe(true);
    expect(isAllowedInboundType('video/mp4')).toBe(true);
    expect(isAllowedInboundType('text/vcard; charset=utf-8')).toBe(true);
    expect(isAllowedInboundType('text/html')).toBe(false);
    expect(isAllowedInboundType('application/x-msdownload')).toBe(false);
  });
});

describe('vCard check', () => {
  const good = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Org A Volunteers', 'ORG:Org A', 'TEL;TYPE=work:+1 (202) 555-0100', 'EMAIL:hello@orga.example', 'URL:https://orga.example/', 'NOTE:long', ' line folded', 'END:VCARD'].join('\n');

  it('accepts a well-formed card and returns it unfolded with CRLF line ends', () => {
    const r = checkVCard('org.vcf', enc(good));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toContain('NOTE:longline folded\r\n');
      expect(r.value.endsWith('END:VCARD\r\n')).toBe(true);
    }
  });

  it.each([
    ['a TEL that is no phone number', good.replace('TEL;TYPE=work:+1 (202) 555-0100', 'TEL:call me maybe'), { key: 'media:errors.vcard_field', params: { field: 'TEL', line: 5 } }],
    ['an EMAIL that is no address', good.replace('hello@orga.example', 'hello-at-orga'), { key: 'media:errors.vcard_field', params: { field: 'EMAIL' } }],
    ['a URL that is not http(s)', good.replace('https://orga.example/', 'javascript:alert(1)'), { key: 'media:errors.vcard_field', params: { field: 'URL' } }],
    ['an unknown VERSION', good.replace('VERSION:3.0', 'VERSION:9'), { key: 'media:errors.vcard_field', params: { field: 'VERSION' } }],
    ['no FN', good.replace('FN:Org A Volunteers\n', ''), { key: 'media:errors.vcard_missing', params: { field: 'FN' } }],
    ['no END', good.replace('END:VCARD', ''), { key: 'media:errors.vcard_structure' }],
    ['two cards', `${good}\n${good}`, { key: 'media:errors.vcard_structure' }],
    ['a line without a colon', good.replace('ORG:Org A', 'ORG Org A'), { key: 'media:errors.vcard_line', params: { line: 4 } }],
    ['a control character', good.replace('ORG:Org A', 'ORG:Org\u0007A'), { key: 'media:errors.vcard_line' }],
  ])('refuses %s, naming the problem', (_what, text, problem) => {
    expect(checkVCard('org.vcf', enc(text))).toMatchObject({ ok: false, problem });
  });

  it('refuses text that is not UTF-8', () => {
    expect(checkVCard('org.vcf', new Uint8Array([...enc('BEGIN:VCARD\nFN:'), 0xff, 0xfe, ...enc('\nEND:VCARD')]))).toMatchObject({ ok: false, problem: { key: 'media:errors.vcard_encoding' } });
  });
});
