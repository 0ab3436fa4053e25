import { type Kysely, sql } from 'kysely';

/** Runs DDL statements in order (migrations stay plain SQL so they never change with the code). */
export async function runStatements(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
