export * from './ttd-crm-exports.js';
export * from './ttd-data-exports.js';
