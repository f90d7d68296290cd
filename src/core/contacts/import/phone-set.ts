// A compact set of E.164 phones for de-duplicating within one file. Phones are kept as numbers
// (at most 15 digits, exact in a double), which holds a million entries in a fraction of the
// memory a Set of strings would take.

export class PhoneSet {
  private readonly keys = new Set<number>();

  /** Adds the phone; false when it was already there. */
  add(e164: string): boolean {
    const key = Number(e164.slice(1));
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    return true;
  }

  has(e164: string): boolean {
    return this.keys.has(Number(e164.slice(1)));
  }

  get size(): number {
    return this.keys.size;
  }
}
