export * from './chat-model.contract.js';
export * from './clock.contract.js';
export * from './embedder.contract.js';
export * from './fixtures.js';
export * from './mailer.contract.js';
export * from './user.repository.contract.js';
export * from './vector-store.contract.js';
