export * from './api-key-factory.js';
export * from './project.input.js';
export * from './project-access.js';
export * from './project-view.js';
