export * from './chat-buddy.js';
export * from './config.js';
export { DataFolderLockedError } from './data-folder-lock.js';
export * from './container.js';
export * from './logger.js';
export * from './resources.js';
export { embeddedDatabaseDir, migrateDatabase } from './storage-selection.js';
export * from './outbox.js';
export * from './facade.js';
