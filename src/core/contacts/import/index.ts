// Contact import: header mapping, row mapping, dedupe, reports. Pure: no I/O.
export * from './header-map.js';
export * from './values.js';
export * from './reasons.js';
export * from './records.js';
export * from './row-mapper.js';
export * from './phone-set.js';
export * from './scan.js';
export * from './report.js';
export * from './check.js';
export * from './importer.js';
export * from './pipeline.js';
