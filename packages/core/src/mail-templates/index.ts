export * from './account-emails.js';
export * from './branding.js';
