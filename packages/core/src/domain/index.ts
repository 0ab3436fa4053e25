export * from './conversation.js';
export * from './document.js';
export * from './lead.js';
