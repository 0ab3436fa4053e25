export * from './account-emails.js';
