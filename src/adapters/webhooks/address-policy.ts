/**
 * Which IP addresses a webhook may reach (server-side request forgery): public unicast only.
 * Refused: private (RFC 1918, IPv6 unique local), loopback, link-local (169.254/16, fe80::/10),
 * CGNAT (100.64/10), multicast, unspecified (0.0.0.0/8, ::), cloud metadata (169.254.169.254,
 * fd00:ec2::254) and other reserved ranges (documentation, benchmarking, 240/4, broadcast).
 * IPv6 addresses that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address inside.
 */
import { isIP } from 'node:net';
import type { UrlRefusal } from '../../core/webhooks/http.js';

type Rule = [prefix: number[], bits: number, reason: UrlRefusal];

const V4: Rule[] = [
  [[169, 254, 169, 254], 32, 'metadata'],
  [[0, 0, 0, 0], 8, 'unspecified'],
  [[10, 0, 0, 0], 8, 'private'],
  [[100, 64, 0, 0], 10, 'cgnat'],
  [[127, 0, 0, 0], 8, 'loopback'],
  [[169, 254, 0, 0], 16, 'link_local'],
  [[172, 16, 0, 0], 12, 'private'],
  [[192, 0, 0, 0], 24, 'reserved'],
  [[192, 0, 2, 0], 24, 'reserved'],
  [[192, 88, 99, 0], 24, 'reserved'],
  [[192, 168, 0, 0], 16, 'private'],
  [[198, 18, 0, 0], 15, 'reserved'],
  [[198, 51, 100, 0], 24, 'reserved'],
  [[203, 0, 113, 0], 24, 'reserved'],
  [[224, 0, 0, 0], 4, 'multicast'],
  [[240, 0, 0, 0], 4, 'reserved'],
];

/** As 16-bit groups. */
const V6: Rule[] = [
  [[0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254], 128, 'metadata'],
  [[0, 0, 0, 0, 0, 0, 0, 0], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0x0100, 0, 0, 0], 64, 'reserved'],
  [[0x2001, 0x0db8], 32, 'reserved'],
  [[0x2001, 0], 23, 'reserved'],
  [[0xfc00], 7, 'private'],
  [[0xfe80], 10, 'link_local'],
  [[0xfec0], 10, 'private'],
  [[0xff00], 8, 'multicast'],
];

function matches(value: number[], width: number, prefix: number[], bits: number): boolean {
  for (let i = 0; i * width < bits; i += 1) {
    const take = Math.min(width, bits - i * width);
    const mask = take === width ? 2 ** width - 1 : (2 ** width - 1) ^ (2 ** (width - take) - 1);
    if (((value[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function parseV4(ip: string): number[] {
  return ip.split('.').map((p) => Number(p));
}

/** The eight 16-bit groups of an IPv6 address (with `::` expanded and a dotted IPv4 tail folded in). */
export function parseV6(ip: string): number[] {
  let text = ip.split('%')[0] ?? ip;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const [a, b, c, d] = parseV4(tail[1]) as [number, number, number, number];
    text = text.slice(0, tail.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const fill = rest === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

/** The IPv4 address an IPv6 address carries, if it is one of the forms that embed one. */
function embeddedV4(g: number[]): number[] | null {
  const v4 = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return v4(g[6] as number, g[7] as number); // ::ffff:a.b.c.d
  if (zero(0, 6) && !((g[6] ?? 0) === 0 && (g[7] ?? 0) <= 1)) return v4(g[6] as number, g[7] as number); // ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return v4(g[6] as number, g[7] as number); // NAT64
  if (g[0] === 0x2002) return v4(g[1] as number, g[2] as number); // 6to4
  return null;
}

/** Why this address may not be reached, or null when it is a public unicast address. */
export function refusedAddress(ip: string): UrlRefusal | null {
  const family = isIP(ip.split('%')[0] ?? ip);
  if (family === 4) {
    const v = parseV4(ip);
    if (v.every((x) => x === 255)) return 'reserved';
    return V4.find(([p, bits]) => matches(v, 8, p, bits))?.[2] ?? null;
  }
  if (family === 6) {
    const g = parseV6(ip);
    if (g.length !== 8 || g.some((x) => !Number.isInteger(x))) return 'invalid';
    const inner = embeddedV4(g);
    if (inner) return refusedAddress(inner.join('.'));
    return V6.find(([p, bits]) => matches(g, 16, p, bits))?.[2] ?? null;
  }
  return 'invalid';
}
