import { type PGlite, parse, protocol, type Results } from '@electric-sql/pglite';
import { bindMessage } from './bind-message.js';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import { LRUCache } from 'lru-cache';
import { genericPlanComment } from './plan-hints.js';

/**
 * Kysely dialect for PGlite (PostgreSQL in WebAssembly, in-process). PGlite is a single
 * connection, so the driver hands it out under a lock: a transaction holds the lock until it
 * ends and other queries wait. Statements go to the backend in one call each and repeated ones
 * stay prepared (see `PGliteConnection`). Written here rather than adding a community package:
 * the behaviour that matters (locking, transactions, affected rows, statement reuse) stays visible.
 */
export interface PGliteDialectOptions {
  /** Distinct statements kept prepared (least recently used ones are closed); 0 keeps none. */
  statementCacheSize?: number;
}

/**
 * A PostgreSQL dialect over one connection that its driver hands out under a lock; the two
 * embedded dialects differ only in where their connection runs its statements.
 */
export abstract class SingleConnectionDialect implements Dialect {
  abstract createDriver(): Driver;

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

/** Distinct statements a PGlite connection keeps prepared unless told otherwise. */
export const defaultStatementCacheSize = 200;

export class PGliteDialect extends SingleConnectionDialect {
  constructor(
    private readonly client: PGlite,
    private readonly options: PGliteDialectOptions = {},
  ) {
    super();
  }

  createDriver(): Driver {
    const { client } = this;
    return new SingleConnectionDriver(
      new PGliteConnection(client, this.options.statementCacheSize ?? defaultStatementCacheSize),
      async () => {
        await client.waitReady;
        await client.exec(sessionSettings);
      },
    );
  }
}

/** The one connection a driver hands out, whoever runs its statements. */
export interface SingleConnection extends DatabaseConnection {
  release: (() => void) | null;
  /**
   * Opens a transaction with the next statement instead of on its own (one round trip fewer
   * where each costs a crossing between threads). Absent: `begin` runs at once.
   */
  beginWithNextStatement?(): void;
  /** True, and forgets it, when a transaction begun that way never ran a statement. */
  dropUnsentBegin?(): boolean;
}

/**
 * Hands out one connection under a lock: a transaction holds it until it ends and other queries
 * wait. Shared by PGlite in this thread and PGlite in a worker thread.
 */
export class SingleConnectionDriver implements Driver {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: SingleConnection,
    private readonly initialise: () => Promise<void> = async () => {},
  ) {}

  async init(): Promise<void> {
    await this.initialise();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => held);
    await previous;
    this.connection.release = release;
    return this.connection;
  }

  async beginTransaction(): Promise<void> {
    if (this.connection.beginWithNextStatement) this.connection.beginWithNextStatement();
    else await this.connection.executeQuery(CompiledQuery.raw(transactionBegin));
  }

  async commitTransaction(): Promise<void> {
    // A transaction that ran no statement was never opened: nothing to commit.
    if (this.connection.dropUnsentBegin?.()) return;
    await this.connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(): Promise<void> {
    if (this.connection.dropUnsentBegin?.()) return;
    await this.connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.connection.release;
    this.connection.release = null;
    release?.();
  }

  async destroy(): Promise<void> {
    // The database belongs to whoever opened it (the persistence factory closes it).
  }
}

/**
 * Prepared statements are still planned for their actual values, as unnamed ones are: a generic
 * plan chosen while a project was small would outlive its growth.
 */
export const sessionSettings = 'set plan_cache_mode = force_custom_plan';

/**
 * How a transaction begins (decision 0033). Inside it, a statement run again may keep a generic
 * plan (`auto`), which sequential scans are kept out of (`enable_seqscan = off`), so that plan is
 * an index lookup whatever the table's size when it was made. Most of what a write transaction
 * plans is the foreign-key checks of its rows: one query per row inserted, planned again at each
 * row under the session's `force_custom_plan`, each planning asking the size of the referenced
 * table and of every index on it (a file-system call out of WebAssembly). Both settings end with
 * the transaction; statements outside one are planned for their values as before.
 */
export const transactionBegin = 'begin; set local plan_cache_mode = auto; set local enable_seqscan = off';

/**
 * How the short transaction of a statement marked with `genericPlanComment` begins; the
 * statement and `commit` follow in the same call. One statement in a transaction of its own commits
 * or fails exactly as it would on its own.
 */
export const genericPlanBegin =
  'begin; set local plan_cache_mode = force_generic_plan; set local enable_seqscan = off';

type BackendMessage = Awaited<ReturnType<PGlite['execProtocol']>>['messages'][number];

/** A statement parsed once under a name: its parameter types and the shape of its rows. */
interface PreparedStatement {
  name: string;
  parameterTypes: number[];
  /** The row description, or null for a statement that returns no rows. */
  rowDescription: BackendMessage | null;
}

/** Statements that return rows or change them, whose plans PostgreSQL may keep under a name. */
const cacheable = /^\s*(select|insert|update|delete|with)\b/i;
/** Transaction control never changes what a cached statement returns. */
const transactionControl = /^\s*(begin|commit|rollback|savepoint|release|start transaction|end)\b/i;

/**
 * What goes around a statement's Bind in its call: execute and sync after it; in a short
 * transaction (`genericPlanBegin`), that begin before it and commit at the end.
 */
const genericBeginQuery = protocol.serialize.query(genericPlanBegin);
const executeSync = concat([protocol.serialize.execute({}), protocol.serialize.sync()]);
const executeSyncCommit = concat([executeSync, protocol.serialize.query('commit')]);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The one PGlite connection. `PGlite.query` costs six calls into the WebAssembly backend per
 * statement (parse, describe, bind, describe, execute, sync); this connection sends each
 * statement's protocol messages in one call and keeps the statements it has seen parsed under a
 * name (an LRU of `statementCacheSize`), so a repeated statement is bind + execute + sync in one
 * call. Values are serialised and rows parsed by the client's own serializers and parsers, exactly
 * as `PGlite.query` does. Any other statement (DDL, VACUUM, SET) drops the cache, since it may
 * change what a cached statement returns.
 */
export class PGliteConnection implements SingleConnection {
  release: (() => void) | null = null;
  /** Prepared statements by SQL text; one that leaves is closed on the backend with the next parse. */
  private readonly statements: LRUCache<string, PreparedStatement>;
  private readonly closing: string[] = [];
  private sequence = 0;
  /**
   * Whether the backend is outside any transaction, as its last answer said (`readyForQuery`
   * status `I`). False until then, and after a call that failed.
   */
  private idle = false;

  constructor(
    private readonly client: PGlite,
    private readonly statementCacheSize: number,
  ) {
    this.statements = new LRUCache({
      max: Math.max(1, statementCacheSize),
      dispose: (statement) => this.closing.push(statement.name),
    });
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql } = compiledQuery;
    const parameters = compiledQuery.parameters;
    const rowStatement = cacheable.test(sql);
    if (!rowStatement) {
      if (!transactionControl.test(sql)) this.forgetStatements();
      if (parameters.length === 0) return this.simpleQuery<R>(sql);
    }
    const cache = rowStatement && this.statementCacheSize > 0 && sql.length <= 16_384;
    const statement = (cache && this.cached(sql)) || (await this.prepare(sql, cache));
    const values = statement.parameterTypes.map((type, index): string | Uint8Array | null => {
      const value = parameters[index];
      if (value === null || value === undefined) return null;
      // Bytes travel as a binary parameter, read by the type's receive function.
      if (value instanceof Uint8Array) return value;
      const serialize = this.client.serializers[type];
      return serialize ? (serialize(value) as string) : String(value);
    });
    const generic = cache && this.idle && sql.endsWith(genericPlanComment);
    const answered = await this.exchange(
      generic
        ? bindMessage(statement.name, values, { before: genericBeginQuery, after: executeSyncCommit })
        : bindMessage(statement.name, values, { after: executeSync }),
    );
    // The statement's own answer follows the short transaction's `begin`.
    const messages = generic
      ? answered.slice(answered.findIndex((message) => message.name === 'readyForQuery') + 1)
      : answered;
    const described = statement.rowDescription ? [statement.rowDescription, ...messages] : messages;
    return this.toQueryResult<R>(parse.parseResults(described, this.client.parsers)[0]);
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by this dialect.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite dialect does not support streaming queries');
  }

  /** One call into the backend, under PGlite's own query lock. */
  private async exchange(message: Uint8Array): Promise<BackendMessage[]> {
    this.idle = false;
    const messages = await this.client.runExclusive(
      async () => (await this.client.execProtocol(message)).messages,
    );
    const ready = messages.findLast((answer) => answer.name === 'readyForQuery');
    this.idle = (ready as { status?: string } | undefined)?.status === 'I';
    return messages;
  }

  private cached(sql: string): PreparedStatement | null {
    return this.statements.get(sql) ?? null;
  }

  /** Parses and describes `sql`: named and cached, or as the unnamed statement. */
  private async prepare(sql: string, cache: boolean): Promise<PreparedStatement> {
    const name = cache ? `chatbuddy_${++this.sequence}` : '';
    // Makes room first, so the least recently used statement is closed in the same call.
    if (cache && this.statements.size >= this.statementCacheSize) this.statements.pop();
    const closes = this.closing
      .splice(0)
      .map((closed) => protocol.serialize.close({ type: 'S', name: closed }));
    const messages = await this.exchange(
      concat([
        ...closes,
        protocol.serialize.parse({ name, text: sql, types: [] }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
    );
    const statement: PreparedStatement = {
      name,
      parameterTypes: parse.parseDescribeStatementResults(messages),
      rowDescription: messages.find((message) => message.name === 'rowDescription') ?? null,
    };
    if (cache) this.statements.set(sql, statement);
    return statement;
  }

  private async simpleQuery<R>(sql: string): Promise<QueryResult<R>> {
    const messages = await this.exchange(protocol.serialize.query(sql));
    const results = parse.parseResults(messages, this.client.parsers);
    return this.toQueryResult<R>(results[results.length - 1]);
  }

  /** Drops every cached statement (closed on the backend with the next parse). */
  private forgetStatements(): void {
    this.statements.clear();
  }

  private toQueryResult<R>(result: Results | undefined): QueryResult<R> {
    return {
      rows: (result?.rows ?? []) as R[],
      ...(result?.affectedRows === undefined ? {} : { numAffectedRows: BigInt(result.affectedRows) }),
    };
  }
}
