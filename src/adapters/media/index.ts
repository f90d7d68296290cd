/** MMS media: the sharp-backed processor (production) and the simulated one; the routes live in media-routes.ts. */
export { createSharpMediaProcessor, type SharpProcessorOptions } from './sharp-processor.js';
export { createSimulatedMediaProcessor } from './simulated-processor.js';

import type { MediaProcessor } from '../../core/ports.js';
import { createSharpMediaProcessor } from './sharp-processor.js';
import { createSimulatedMediaProcessor } from './simulated-processor.js';

/** The sharp processor when its native binary loads here, else the simulated one (with why). */
export async function loadMediaProcessor(): Promise<{ processor: MediaProcessor; fallbackReason?: string }> {
  try {
    const mod = await import('sharp');
    return { processor: createSharpMediaProcessor(mod.default) };
  } catch (err) {
    return { processor: createSimulatedMediaProcessor(), fallbackReason: String(err).slice(0, 200) };
  }
}
