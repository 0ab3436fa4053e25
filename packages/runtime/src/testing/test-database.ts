export { createTestDatabase, type TestDatabase } from '@chatbuddy/adapters-postgres/testing';
