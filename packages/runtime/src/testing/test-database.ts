export {
  createTestDatabase,
  terminateSessions,
  type TestDatabase,
} from '@chatbuddy/adapters-postgres/testing';
