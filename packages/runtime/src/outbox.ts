/** The development outbox, for the CLI's `outbox` command (which must not depend on adapters). */
export { type OutboxEntry, outboxPath, readOutbox } from '@chatbuddy/adapters-mail';
