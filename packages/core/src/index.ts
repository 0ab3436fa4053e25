export * from './shared/index.js';
export * from './ports/index.js';
export * from './system/index.js';
export * from './accounts/index.js';
export * from './projects/index.js';
export * from './knowledge/index.js';
export * from './assistant/index.js';
export * from './insights/index.js';
