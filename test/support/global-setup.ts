/**
 * Runs once per `vitest run`: finds a MongoDB for the contract suites and hands its URI
 * (or the reason there is none) to every test file through vitest's provide/inject.
 */
import type { TestProject } from 'vitest/node';
import { startMongo } from './mongo-probe.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongo: { uri: string } | { skip: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mongo = await startMongo();
  project.provide('mongo', 'uri' in mongo ? { uri: mongo.uri } : { skip: mongo.skip });
  if ('skip' in mongo) console.log(`[withMongo] MongoDB suites will be skipped: ${mongo.skip}`);
  return async () => {
    if ('stop' in mongo && mongo.stop) await mongo.stop();
  };
}
