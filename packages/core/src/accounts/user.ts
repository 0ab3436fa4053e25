import type { UserId } from '../shared/common.js';

export const userRoles = ['admin', 'user'] as const;
export type UserRole = (typeof userRoles)[number];
export const userStatuses = ['active', 'disabled'] as const;
export type UserStatus = (typeof userStatuses)[number];

export interface User {
  id: UserId;
  /** Normalised: trimmed and lower-cased. */
  email: string;
  name: string;
  passwordHash: string;
  role: UserRole;
  status: UserStatus;
  emailVerifiedAt: Date | null;
  /** Access tokens issued before this instant are refused (logout everywhere, disable). */
  tokensValidAfter: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** A user as the API shows it: never the password hash. */
export interface PublicUser {
  id: UserId;
  email: string;
  name: string;
  role: UserRole;
  status: UserStatus;
  emailVerified: boolean;
  createdAt: string;
}

export function toPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status: user.status,
    emailVerified: user.emailVerifiedAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const otpPurposes = ['verify_email'] as const;
export type OtpPurpose = (typeof otpPurposes)[number];

/** A one-time code sent by email; only its hash is stored. */
export interface Otp {
  id: string;
  userId: UserId;
  purpose: OtpPurpose;
  codeHash: string;
  attempts: number;
  expiresAt: Date;
  consumedAt: Date | null;
  createdAt: Date;
}

/** An opaque refresh token; only its hash is stored. Rotation links tokens of one family. */
export interface RefreshToken {
  id: string;
  userId: UserId;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  /** Set when the token was exchanged for a new one. */
  rotatedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export interface SecurityEvent {
  id: string;
  userId: UserId | null;
  kind: 'refresh_token_reused' | 'login_throttled' | 'user_disabled' | 'password_rehashed';
  details: Record<string, string | number | boolean | null>;
  createdAt: Date;
}
