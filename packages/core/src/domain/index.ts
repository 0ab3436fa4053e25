export * from './conversation.js';
export * from './document.js';
export * from './lead.js';
export * from './project.js';
export * from './usage.js';
