import {
  AuthSettings,
  GetCurrentUser,
  Login,
  Logout,
  loginInput,
  logoutInput,
  RefreshSession,
  RegisterUser,
  ResendOtp,
  refreshSessionInput,
  registerUserInput,
  resendOtpInput,
  VerifyEmail,
  verifyEmailInput,
} from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Context } from 'koa';
import { z } from 'zod';
import { limitClient } from '../middleware/rate-limit.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';

export const publicUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'user']),
  status: z.enum(['active', 'disabled']),
  emailVerified: z.boolean(),
  createdAt: z.string(),
});
const session = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().describe('Seconds until the access token expires'),
  refreshTokenExpiresAt: z.string(),
  user: publicUser,
});
const accepted = z.object({ status: z.string(), message: z.string() });
const currentUser = z.object({ user: publicUser });

/** Token responses must never be cached by browsers or proxies. */
function noStore(ctx: Context): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
}

/** Dashboard authentication: registration, email verification, sessions and the current user. */
export function authRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  const limits = () => runtime.get<AuthSettings>(AuthSettings).clientLimits;
  const me = (path: string) =>
    defineRoute({
      method: 'get',
      path,
      summary: 'The signed-in user (never the password hash)',
      tag: 'auth',
      auth: 'bearer',
      responses: { 200: { description: 'The current user', schema: currentUser } },
      handler: async (ctx) => {
        noStore(ctx);
        ctx.body = { user: await runtime.get(GetCurrentUser).execute(ctx.state.user.id) };
      },
    });
  return [
    defineRoute({
      method: 'post',
      path: '/auth/register',
      summary:
        'Create an account and email a 6-digit code. Always 202 with the same body: an address that already has an account is not revealed (its owner is emailed a notice instead of a code).',
      tag: 'auth',
      auth: 'none',
      body: registerUserInput,
      responses: {
        202: { description: 'Accepted; check your email', schema: accepted.extend({ email: z.string() }) },
      },
      handler: async (ctx, { body }) => {
        await limitClient(runtime, ctx, 'register', limits().register);
        ctx.status = 202;
        ctx.body = await runtime.get(RegisterUser).execute(body, { clientIp: ctx.ip });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/verify-otp',
      summary: 'Verify the email address with the 6-digit code (10 minutes, single use, 5 tries)',
      tag: 'auth',
      auth: 'none',
      body: verifyEmailInput,
      responses: {
        200: { description: 'Verified', schema: z.object({ verified: z.literal(true), user: publicUser }) },
        400: { description: 'Invalid or expired code (otp_invalid, otp_expired)' },
        429: { description: 'Too many wrong codes (otp_attempts_exceeded) or requests' },
      },
      handler: async (ctx, { body }) => {
        await limitClient(runtime, ctx, 'verify-otp', limits().verifyEmail);
        ctx.body = await runtime.get(VerifyEmail).execute(body);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/resend-otp',
      summary: 'Email a fresh code, invalidating older ones; same answer whether or not the address exists',
      tag: 'auth',
      auth: 'none',
      body: resendOtpInput,
      responses: {
        202: { description: 'Accepted', schema: accepted },
        429: { description: 'Throttled (1 a minute, 5 an hour per address)' },
      },
      handler: async (ctx, { body }) => {
        await limitClient(runtime, ctx, 'resend-otp', limits().resendOtp);
        ctx.status = 202;
        ctx.body = await runtime.get(ResendOtp).execute(body);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary:
        'Exchange email and password for an access token (PASETO v4, ~15 min) and a refresh token. Unknown email and wrong password give the same 401.',
      tag: 'auth',
      auth: 'none',
      body: loginInput,
      responses: {
        200: { description: 'Signed in', schema: session },
        401: { description: 'invalid_credentials' },
        403: { description: 'email_not_verified or user_disabled (only with the right password)' },
        429: { description: 'Too many failed attempts from this client (backoff; Retry-After says when)' },
      },
      handler: async (ctx, { body }) => {
        noStore(ctx);
        ctx.body = await runtime
          .get(Login)
          .execute(body, { clientIp: ctx.ip, requestId: ctx.state.requestId });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/refresh',
      summary:
        'Rotate the refresh token and get a new pair. Of concurrent refreshes with one token exactly one succeeds; the others get 401 invalid_token and the new pair keeps working. Presenting a token rotated more than the grace period (20 s) ago revokes its whole family and its access tokens (401 refresh_token_reused).',
      tag: 'auth',
      auth: 'none',
      body: refreshSessionInput,
      responses: {
        200: { description: 'A new pair', schema: session },
        401: { description: 'invalid_token, token_expired or refresh_token_reused' },
        403: { description: 'user_disabled' },
      },
      handler: async (ctx, { body }) => {
        await limitClient(runtime, ctx, 'refresh', limits().refresh);
        noStore(ctx);
        ctx.body = await runtime
          .get(RefreshSession)
          .execute(body, { clientIp: ctx.ip, requestId: ctx.state.requestId });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary:
        "Revoke the refresh token's family (the session); its access tokens stop working, other sessions go on. Repeating it is not an error.",
      tag: 'auth',
      auth: 'none',
      body: logoutInput,
      responses: { 204: { description: 'Signed out' }, 401: { description: 'Unknown refresh token' } },
      handler: async (ctx, { body }) => {
        await runtime.get(Logout).execute(body);
        ctx.status = 204;
      },
    }),
    me('/auth/me'),
    me('/me'),
  ];
}
