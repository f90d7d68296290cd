import { runContract, type PortImplementation } from '../support/contract.js';
import { createInProcessQueue } from '../../src/adapters/queue/in-process-queue.js';
import { queueContract, type QueueUnderTest } from './queue.contract.js';

const inProcess: PortImplementation<QueueUnderTest> = {
  name: 'in-process',
  // Failing handlers are part of the suite; keep their final-failure logs out of the output.
  create: async () => createInProcessQueue({ logger: { error: () => undefined } }),
  destroy: async (q) => q.close(),
};

runContract('JobQueue', [inProcess], queueContract);
