import {
  AuthSettings,
  CheckReadiness,
  Clock,
  DocumentIntake,
  DocumentRepository,
  LexicalIndex,
  Login,
  Logout,
  ReadinessProbe,
  RefreshTokenRepository,
  Retriever,
  SecretHasher,
  UploadDocument,
  UserRepository,
  VectorStore,
} from '@chatbuddy/core';
import { FixedClock } from '@chatbuddy/core/testing';
import { type Bind, Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { allOf, bindClass, bindFactory } from './bind-class.js';

/** Never called: `pnpm run typecheck` fails if any line marked below compiles. */
export function wrongTokenListsDoNotCompile(bind: Bind): void {
  bindClass(bind, Logout, [RefreshTokenRepository, SecretHasher, Clock]);
  // @ts-expect-error two ports swapped
  bindClass(bind, Logout, [RefreshTokenRepository, Clock, SecretHasher]);
  // @ts-expect-error a required port missing
  bindClass(bind, Logout, [RefreshTokenRepository, SecretHasher]);
  // @ts-expect-error one token too many
  bindClass(bind, Logout, [RefreshTokenRepository, SecretHasher, Clock, Clock]);
  // @ts-expect-error a list of probes needs all of them, not one
  bindClass(bind, CheckReadiness, [ReadinessProbe, Clock]);
  // @ts-expect-error a class where a port is expected
  bindClass(bind, UploadDocument, [Retriever]);
  // @ts-expect-error settings where a port is expected
  bindClass(bind, Login, [AuthSettings, RefreshTokenRepository]);
  // @ts-expect-error a plain string is no token
  bindClass(bind, UploadDocument, ['DocumentIntake']);
  bindClass(bind, UploadDocument, [DocumentIntake]);
  bindFactory(
    bind,
    Retriever,
    // @ts-expect-error the factory's parameters follow the tokens, here swapped
    (vectorStore, lexicalIndex, documents) => new Retriever({ vectorStore, lexicalIndex, documents }),
    [VectorStore, DocumentRepository, LexicalIndex],
  );
  // @ts-expect-error the factory must make what the token gives
  bindFactory(bind, UserRepository, (clock) => clock, [Clock]);
}

describe('bindClass', () => {
  it('builds one instance (singleton by default) from the listed tokens, all values of a multiple token included', async () => {
    const container = new Container();
    const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
    const probe = (name: string): ReadinessProbe => ({ name, check: async () => {} });
    container.bind(Clock).toConstantValue(clock);
    container.bind(ReadinessProbe).toConstantValue(probe('database'));
    container.bind(ReadinessProbe).toConstantValue(probe('vectors'));
    const bind = container.bind.bind(container) as Bind;
    bindClass(bind, CheckReadiness, [allOf(ReadinessProbe), Clock]);
    const readiness = container.get(CheckReadiness);
    expect(container.get(CheckReadiness)).toBe(readiness);
    const report = await readiness.execute();
    expect(report.checks.map((check) => check.name).sort()).toEqual(['database', 'vectors']);
  });

  it('is transient when asked', () => {
    const container = new Container({ defaultScope: 'Singleton' });
    container.bind(Clock).toConstantValue(new FixedClock(new Date(0)));
    container.bind(ReadinessProbe).toConstantValue({ name: 'database', check: async () => {} });
    bindClass(
      container.bind.bind(container) as Bind,
      CheckReadiness,
      [allOf(ReadinessProbe), Clock],
      'Transient',
    );
    expect(container.get(CheckReadiness)).not.toBe(container.get(CheckReadiness));
  });
});
