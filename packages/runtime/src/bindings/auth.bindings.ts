import { AuthenticateAccessToken, TokenIssuer, UserRepository } from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';

/** Use cases of dashboard accounts. */
export function bindAuthUseCases({ bind }: ContainerModuleLoadOptions): void {
  bind(AuthenticateAccessToken)
    .toResolvedValue(
      (tokens: TokenIssuer, users: UserRepository) => new AuthenticateAccessToken(tokens, users),
      [TokenIssuer, UserRepository],
    )
    .inSingletonScope();
}
