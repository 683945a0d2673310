export * from './ttd-crm-mock-exports.js';
export * from './ttd-data-mock-exports.js';
