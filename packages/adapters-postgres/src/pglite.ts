/**
 * The embedded database's pieces on their own entry point, so that importing the package's main
 * entry (server mode) does not load PGlite: the Kysely dialect over one PGlite instance and the
 * settings Chat Buddy starts PGlite with.
 * @module
 */
export { openPglite } from './dialect/pglite-client.js';
export { PGliteDialect } from './dialect/pglite-dialect.js';
export { pgliteSettings, pgliteStartParams } from './dialect/pglite-settings.js';
