import {
  AuditLog,
  AuthenticateAccessToken,
  AuthSettings,
  authSettings,
  Clock,
  CreateUser,
  DisableUser,
  defaultMailBranding,
  EnsureServiceAccount,
  GetCurrentUser,
  IdGenerator,
  ListUsers,
  Login,
  Logger,
  Logout,
  MailDispatcher,
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
  UpdateUser,
  UserRepository,
  VerifyEmail,
} from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';
import type { ChatBuddyConfig } from '../config.js';
import { bindClass } from './bind-class.js';
import { AccountBranding } from './tokens.js';

/** Use cases of dashboard accounts. */
export function bindAuthUseCases({ bind }: ContainerModuleLoadOptions, config: ChatBuddyConfig): void {
  bind(AuthSettings).toConstantValue(authSettings({ refreshTokenTtlSeconds: config.refreshTokenTtlSeconds }));
  bind(AccountBranding).toConstantValue({
    ...defaultMailBranding,
    appUrl: config.frontendOrigin ?? config.appBaseUrl,
  });
  bindClass(bind, MailDispatcher, [Mailer, Logger]);
  const codes = [SecretHasher, SecureRandom, IdGenerator, Clock] as const;
  bindClass(bind, RegisterUser, [
    UserRepository,
    OtpRepository,
    PasswordHasher,
    RateLimiter,
    MailDispatcher,
    ...codes,
    AuthSettings,
    AccountBranding,
  ]);
  bindClass(bind, ResendOtp, [
    UserRepository,
    OtpRepository,
    RateLimiter,
    MailDispatcher,
    ...codes,
    AuthSettings,
    AccountBranding,
  ]);
  bindClass(bind, VerifyEmail, [UserRepository, OtpRepository, SecretHasher, Clock, AuthSettings]);
  const session = [TokenIssuer, SecretHasher, SecureRandom, IdGenerator, Clock] as const;
  bindClass(bind, Login, [
    UserRepository,
    RefreshTokenRepository,
    PasswordHasher,
    RateLimiter,
    AuditLog,
    ...session,
    AuthSettings,
  ]);
  bindClass(bind, RefreshSession, [
    UserRepository,
    RefreshTokenRepository,
    UnitOfWork,
    ...session,
    AuthSettings,
  ]);
  bindClass(bind, Logout, [RefreshTokenRepository, SecretHasher, Clock]);
  bindClass(bind, AuthenticateAccessToken, [TokenIssuer, UserRepository, RefreshTokenRepository]);
  bindClass(bind, GetCurrentUser, [UserRepository]);
  bindClass(bind, CreateUser, [UserRepository, PasswordHasher, IdGenerator, Clock]);
  bindClass(bind, ListUsers, [UserRepository]);
  bindClass(bind, DisableUser, [UnitOfWork, IdGenerator, Clock]);
  bindClass(bind, UpdateUser, [UnitOfWork, IdGenerator, Clock]);
  bindClass(bind, EnsureServiceAccount, [UserRepository, IdGenerator, Clock]);
}
