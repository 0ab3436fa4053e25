export * from './audit-entry.js';
export * from './use-cases/list-audit-entries/list-audit-entries.input.js';
export * from './use-cases/list-audit-entries/list-audit-entries.use-case.js';
