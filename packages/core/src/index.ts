export * from './domain/index.js';
export * from './errors/index.js';
export * from './ports/index.js';
export * from './use-cases/index.js';
export * from './projects/index.js';
export * from './auth/index.js';
export * from './mail-templates/index.js';
