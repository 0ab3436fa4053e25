import { authSettings, type AuthSettings } from '../accounts/auth/auth-settings.js';
import { MailDispatcher } from '../accounts/auth/mail-dispatcher.js';
import { AuthenticateAccessToken } from '../accounts/use-cases/authenticate-access-token/authenticate-access-token.use-case.js';
import { CreateUser } from '../accounts/use-cases/create-user/create-user.use-case.js';
import { DisableUser } from '../accounts/use-cases/disable-user/disable-user.use-case.js';
import { UpdateUser } from '../accounts/use-cases/update-user/update-user.use-case.js';
import { Login } from '../accounts/use-cases/login/login.use-case.js';
import { Logout } from '../accounts/use-cases/logout/logout.use-case.js';
import { RefreshSession } from '../accounts/use-cases/refresh-session/refresh-session.use-case.js';
import { RegisterUser } from '../accounts/use-cases/register-user/register-user.use-case.js';
import { ResendOtp } from '../accounts/use-cases/resend-otp/resend-otp.use-case.js';
import { VerifyEmail } from '../accounts/use-cases/verify-email/verify-email.use-case.js';
import { createInMemoryPorts } from './in-memory-ports.js';

/** Every dashboard-account use case wired to in-memory fakes, for unit tests. */
export function createAuthKit(overrides: Partial<AuthSettings> = {}) {
  const ports = createInMemoryPorts();
  const settings = authSettings(overrides);
  const mail = new MailDispatcher(ports.mailer, ports.logger);
  const { users, otps, refreshTokens, unitOfWork, random, ids, clock } = ports;
  const {
    passwordHasher: passwords,
    tokenIssuer: tokens,
    secretHasher: hasher,
    rateLimiter: limiter,
  } = ports;
  return {
    ports,
    mail,
    settings,
    register: new RegisterUser(users, otps, passwords, limiter, mail, hasher, random, ids, clock, settings),
    verify: new VerifyEmail(ports.users, ports.otps, ports.secretHasher, ports.clock, settings),
    resend: new ResendOtp(users, otps, limiter, mail, hasher, random, ids, clock, settings),
    login: new Login(
      users,
      refreshTokens,
      passwords,
      limiter,
      ports.audit,
      tokens,
      hasher,
      random,
      ids,
      clock,
      settings,
    ),
    refresh: new RefreshSession(
      users,
      refreshTokens,
      unitOfWork,
      tokens,
      hasher,
      random,
      ids,
      clock,
      settings,
    ),
    authenticate: new AuthenticateAccessToken(ports.tokenIssuer, ports.users, ports.refreshTokens),
    logout: new Logout(ports.refreshTokens, ports.secretHasher, ports.clock),
    createUser: new CreateUser(ports.users, ports.passwordHasher, ports.ids, ports.clock),
    disable: new DisableUser(ports.unitOfWork, ports.ids, ports.clock),
    updateUser: new UpdateUser(ports.unitOfWork, ports.ids, ports.clock),
    /** The 6-digit code in the last email sent to `email`. */
    async lastCode(email: string): Promise<string> {
      await mail.idle();
      const match = /\b(\d{6})\b/.exec(ports.mailer.lastTo(email)?.text ?? '');
      if (!match) throw new Error(`no code was sent to ${email}`);
      return match[1]!;
    },
  };
}

export type AuthKit = ReturnType<typeof createAuthKit>;
