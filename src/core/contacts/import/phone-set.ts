// A compact set of E.164 phones for de-duplicating within one file: an open-addressing hash
// table of the numbers as doubles (at most 15 digits, exact in a double). A million phones take
// 16 MB, a fraction of a Set of strings, and adding one allocates nothing.

const EMPTY = 0; // no E.164 number is 0

export class PhoneSet {
  private table = new Float64Array(1 << 12);
  private count = 0;

  /** Adds the phone; false when it was already there. */
  add(e164: string): boolean {
    const key = Number(e164.slice(1));
    if (!Number.isSafeInteger(key) || key <= 0) throw new RangeError(`PhoneSet: not an E.164 phone: ${e164}`);
    if ((this.count + 1) * 2 > this.table.length) this.grow();
    if (!PhoneSet.insert(this.table, key)) return false;
    this.count += 1;
    return true;
  }

  has(e164: string): boolean {
    const key = Number(e164.slice(1));
    const mask = this.table.length - 1;
    for (let i = PhoneSet.hash(key) & mask; this.table[i] !== EMPTY; i = (i + 1) & mask) {
      if (this.table[i] === key) return true;
    }
    return false;
  }

  get size(): number {
    return this.count;
  }

  private static hash(key: number): number {
    const lo = key >>> 0; // key mod 2^32 (exact for integers below 2^53)
    const hi = Math.floor(key / 4294967296);
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  /** Linear probing; false when the key is already present. */
  private static insert(table: Float64Array, key: number): boolean {
    const mask = table.length - 1;
    let i = PhoneSet.hash(key) & mask;
    for (; table[i] !== EMPTY; i = (i + 1) & mask) if (table[i] === key) return false;
    table[i] = key;
    return true;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    for (const key of old) if (key !== EMPTY) PhoneSet.insert(this.table, key);
  }
}
