export * from './app.js';
export * from './routing/route.js';
export * from './routing/state.js';
export * from './routing/status-by-code.js';
export * from './server.js';
