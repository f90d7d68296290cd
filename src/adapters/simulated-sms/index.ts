export { createSimulatedCarrier, PROVIDER_ID_PATTERN } from './simulated-carrier.js';
export type { SimulatedCarrier } from './simulated-carrier.js';
export type * from './simulated-types.js';
export { simulatedOrgNumbers } from './org-numbers.js';
