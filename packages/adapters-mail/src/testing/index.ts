export * from './fake-resend-server.js';
