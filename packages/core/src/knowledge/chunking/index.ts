export * from './chunker.js';
export * from './markdown-sections.js';
export * from './section-layout.js';
