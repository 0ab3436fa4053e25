import type { Bind, BindWhenOnFluentSyntax } from 'inversify';
import type { TokenTypes } from './tokens.js';

/** A class bound to itself, such as a use case another one needs. */
type ClassToken<T> = abstract new (...args: never) => T;

/** Every value of a multiply bound token, e.g. all readiness probes. */
export interface AllOf<K extends keyof TokenTypes> {
  serviceIdentifier: K;
  isMultiple: true;
}

/** What may be injected: a symbol of `TokenTypes`, a class, or all values of a symbol. */
export type Token = keyof TokenTypes | ClassToken<unknown> | AllOf<keyof TokenTypes>;

/** The value a token gives. */
export type TypeOf<K> = K extends keyof TokenTypes
  ? TokenTypes[K]
  : K extends AllOf<infer Each>
    ? TokenTypes[Each][]
    : K extends ClassToken<infer T>
      ? T
      : never;

/** The symbols whose value fits a parameter of type `T`. */
type SymbolFor<T> = { [K in keyof TokenTypes]: [TokenTypes[K]] extends [T] ? K : never }[keyof TokenTypes];

/** The tokens that may fill a parameter of type `T`. */
export type TokenFor<T> =
  | SymbolFor<T>
  | ClassToken<T>
  | (T extends readonly (infer Each)[] ? AllOf<SymbolFor<Each>> : never);

/** One token per constructor parameter, each fitting its parameter (optional ones may be left out). */
export type TokensFor<Parameters extends readonly unknown[]> = {
  [I in keyof Parameters]: TokenFor<Parameters[I]>;
};

/** All values bound to `token`, as one parameter. */
export function allOf<K extends keyof TokenTypes>(token: K): AllOf<K> {
  return { serviceIdentifier: token, isMultiple: true };
}

/** Any constructor; its parameters are checked through `TokensFor`. */
type Constructor = new (...args: never[]) => object;

/**
 * Binds `useCase` to an instance built from `tokens`, in singleton scope unless told otherwise.
 * The token list is checked against the constructor: a missing, extra or wrong token fails to
 * compile, so the list is the only place a constructor's parameters are repeated.
 */
export function bindClass<C extends Constructor>(
  bind: Bind,
  useCase: C,
  tokens: TokensFor<ConstructorParameters<C>>,
  scope: 'Singleton' | 'Transient' = 'Singleton',
): BindWhenOnFluentSyntax<InstanceType<C>> {
  const binding = bind<InstanceType<C>>(useCase as never).toResolvedValue(
    (...values: unknown[]) => new useCase(...(values as never[])) as InstanceType<C>,
    tokens as never,
  );
  return scope === 'Singleton' ? binding.inSingletonScope() : binding.inTransientScope();
}

/**
 * Binds `token` to what `factory` makes of `tokens`' values, in singleton scope: for values that
 * are not a plain class (settings, building blocks configured with options). The factory's
 * parameter types come from the tokens.
 */
export function bindFactory<K extends Token, const Tokens extends readonly Token[]>(
  bind: Bind,
  token: K,
  factory: (...values: { -readonly [I in keyof Tokens]: TypeOf<Tokens[I]> }) => TypeOf<K>,
  tokens: Tokens,
): BindWhenOnFluentSyntax<TypeOf<K>> {
  return bind<TypeOf<K>>(token as never)
    .toResolvedValue(factory as (...values: unknown[]) => TypeOf<K>, tokens as never)
    .inSingletonScope();
}
