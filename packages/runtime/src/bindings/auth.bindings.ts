import {
  AuthenticateAccessToken,
  AuthSettings,
  authSettings,
  Clock,
  CreateUser,
  DisableUser,
  EnsureServiceAccount,
  GetCurrentUser,
  IdGenerator,
  ListUsers,
  Login,
  Logout,
  MailDispatcher,
  type MailBranding,
  defaultMailBranding,
  Mailer,
  OtpRepository,
  PasswordHasher,
  RateLimiter,
  RefreshSession,
  RefreshTokenRepository,
  RegisterUser,
  ResendOtp,
  SecretHasher,
  SecureRandom,
  TokenIssuer,
  UnitOfWork,
  UserRepository,
  VerifyEmail,
} from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';
import type { ChatBuddyConfig } from '../config.js';

/** Every port the account use cases need, resolved once. */
const AccountPorts = Symbol.for('chatbuddy.runtime.AccountPorts');
const AccountSettings = AuthSettings;
const AccountBranding = Symbol.for('chatbuddy.runtime.AccountBranding');
type AccountPorts = ConstructorParameters<typeof RegisterUser>[0] &
  ConstructorParameters<typeof RefreshSession>[0];

/** Use cases of dashboard accounts. */
export function bindAuthUseCases({ bind }: ContainerModuleLoadOptions): void {
  bind(AuthenticateAccessToken)
    .toResolvedValue(
      (tokens: TokenIssuer, users: UserRepository, sessions: RefreshTokenRepository) =>
        new AuthenticateAccessToken(tokens, users, sessions),
      [TokenIssuer, UserRepository, RefreshTokenRepository],
    )
    .inSingletonScope();
  bind(MailDispatcher)
    .toResolvedValue((mailer: Mailer) => new MailDispatcher(mailer), [Mailer])
    .inSingletonScope();
  bind(AccountSettings)
    .toResolvedValue(
      (config: ChatBuddyConfig): AuthSettings =>
        authSettings({ refreshTokenTtlSeconds: config.refreshTokenTtlSeconds }),
      ['ChatBuddyConfig'],
    )
    .inSingletonScope();
  bind(AccountBranding)
    .toResolvedValue(
      (config: ChatBuddyConfig): MailBranding => ({
        ...defaultMailBranding,
        appUrl: config.frontendOrigin ?? config.appBaseUrl,
      }),
      ['ChatBuddyConfig'],
    )
    .inSingletonScope();
  bind(AccountPorts)
    .toResolvedValue(
      (...values: unknown[]): AccountPorts => {
        const [
          users,
          otps,
          refreshTokens,
          unitOfWork,
          passwords,
          tokens,
          hasher,
          random,
          ids,
          clock,
          limiter,
          mail,
        ] = values as [
          UserRepository,
          OtpRepository,
          RefreshTokenRepository,
          UnitOfWork,
          PasswordHasher,
          TokenIssuer,
          SecretHasher,
          SecureRandom,
          IdGenerator,
          Clock,
          RateLimiter,
          MailDispatcher,
        ];
        return {
          users,
          otps,
          refreshTokens,
          unitOfWork,
          passwords,
          tokens,
          hasher,
          random,
          ids,
          clock,
          limiter,
          mail,
        };
      },
      [
        UserRepository,
        OtpRepository,
        RefreshTokenRepository,
        UnitOfWork,
        PasswordHasher,
        TokenIssuer,
        SecretHasher,
        SecureRandom,
        IdGenerator,
        Clock,
        RateLimiter,
        MailDispatcher,
      ],
    )
    .inSingletonScope();
  const withPorts = [AccountPorts, AccountSettings] as const;
  bind(RegisterUser)
    .toResolvedValue(
      (ports: AccountPorts, settings: AuthSettings, branding: MailBranding) =>
        new RegisterUser(ports, settings, branding),
      [...withPorts, AccountBranding],
    )
    .inSingletonScope();
  bind(ResendOtp)
    .toResolvedValue(
      (ports: AccountPorts, settings: AuthSettings, branding: MailBranding) =>
        new ResendOtp(ports, settings, branding),
      [...withPorts, AccountBranding],
    )
    .inSingletonScope();
  bind(VerifyEmail)
    .toResolvedValue(
      (ports: AccountPorts, settings: AuthSettings) =>
        new VerifyEmail(ports.users, ports.otps, ports.hasher, ports.clock, settings),
      [...withPorts],
    )
    .inSingletonScope();
  bind(Login)
    .toResolvedValue(
      (ports: AccountPorts, settings: AuthSettings) => new Login(ports, settings),
      [...withPorts],
    )
    .inSingletonScope();
  bind(RefreshSession)
    .toResolvedValue(
      (ports: AccountPorts, settings: AuthSettings) => new RefreshSession(ports, settings),
      [...withPorts],
    )
    .inSingletonScope();
  bind(Logout)
    .toResolvedValue(
      (ports: AccountPorts) => new Logout(ports.refreshTokens, ports.hasher, ports.clock),
      [AccountPorts],
    )
    .inSingletonScope();
  bind(GetCurrentUser)
    .toResolvedValue((users: UserRepository) => new GetCurrentUser(users), [UserRepository])
    .inSingletonScope();
  bind(CreateUser)
    .toResolvedValue(
      (ports: AccountPorts) => new CreateUser(ports.users, ports.passwords, ports.ids, ports.clock),
      [AccountPorts],
    )
    .inSingletonScope();
  bind(ListUsers)
    .toResolvedValue((users: UserRepository) => new ListUsers(users), [UserRepository])
    .inSingletonScope();
  bind(EnsureServiceAccount)
    .toResolvedValue(
      (users: UserRepository, ids: IdGenerator, clock: Clock) => new EnsureServiceAccount(users, ids, clock),
      [UserRepository, IdGenerator, Clock],
    )
    .inSingletonScope();
  bind(DisableUser)
    .toResolvedValue(
      (ports: AccountPorts) => new DisableUser(ports.users, ports.refreshTokens, ports.ids, ports.clock),
      [AccountPorts],
    )
    .inSingletonScope();
}
