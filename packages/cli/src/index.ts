export * from './exit-codes.js';
export * from './io.js';
export * from './open-runtime.js';
export * from './program.js';
