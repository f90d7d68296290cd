import { afterEach, beforeEach, describe } from 'vitest';

/** One implementation of a port, for a contract suite (CONVENTIONS §11b). */
export interface PortImplementation<T> {
  name: string;
  /** Set when this implementation cannot run here; the reason is printed and its suite skipped. */
  skipReason?: string;
  /** A fresh, empty instance for one test. */
  create(): Promise<T>;
  destroy?(instance: T): Promise<void>;
}

/**
 * Runs the same suite against every implementation of a port. Inside `suite`, call `get()`
 * in a test (not at collection time) to receive the instance made for that test.
 */
export function runContract<T>(title: string, impls: PortImplementation<T>[], suite: (get: () => T) => void): void {
  for (const impl of impls) {
    if (impl.skipReason) console.log(`[contract] ${title} [${impl.name}] skipped: ${impl.skipReason}`);
    describe.skipIf(Boolean(impl.skipReason))(`${title} [${impl.name}]`, () => {
      let instance: T | undefined;
      beforeEach(async () => {
        instance = await impl.create();
      });
      afterEach(async () => {
        if (instance !== undefined && impl.destroy) await impl.destroy(instance);
        instance = undefined;
      });
      suite(() => {
        if (instance === undefined) throw new Error(`${impl.name}: no instance (call get() inside a test)`);
        return instance;
      });
    });
  }
}
