import type { ColumnType } from 'kysely';

/** `timestamptz`: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** `jsonb`: read parsed, written as a JSON string (both drivers accept text for jsonb). */
export type Json<T> = ColumnType<T, string, string>;
/** A column with a database default. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;
