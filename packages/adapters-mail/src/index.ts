export * from './outbox-mailer.js';
export * from './resend-mailer.js';
