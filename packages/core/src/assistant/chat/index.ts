export * from './conversation-memory.js';
export * from './passage-sanitiser.js';
export * from './prompt-builder.js';
export * from './reply-guard.js';
export * from './follow-up.js';
