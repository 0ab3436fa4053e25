export * from './conversation.js';
export * from './lead.js';
