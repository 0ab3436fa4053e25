import type { OutgoingEmail } from '../shared/mail.js';
import {
  brandedHtml,
  brandedText,
  defaultMailBranding,
  escapeHtml,
  type MailBranding,
} from '../shared/branding.js';

export interface VerificationEmailInput {
  to: string;
  name: string;
  code: string;
  expiresInMinutes: number;
}

/** The email carrying a 6-digit verification code. */
export function verificationEmail(
  input: VerificationEmailInput,
  branding: MailBranding = defaultMailBranding,
): OutgoingEmail {
  const product = branding.productName;
  const subject = `Your ${product} verification code: ${input.code}`;
  const footer = `You received this email because someone signed up for ${product} with this address. If it was not you, ignore it: no account is activated without this code.`;
  const minutes = `This code expires in ${input.expiresInMinutes} minutes and works once.`;
  const text = brandedText(
    branding,
    [
      `Hi ${input.name},`,
      '',
      `Your ${product} verification code is:`,
      '',
      `    ${input.code}`,
      '',
      minutes,
      'Never share it: our team will never ask you for it.',
    ],
    footer,
  );
  const html = brandedHtml(
    branding,
    subject,
    [
      `<p>Hi ${escapeHtml(input.name)},</p>`,
      `<p>Your ${escapeHtml(product)} verification code is:</p>`,
      `<p style="font-size:32px;letter-spacing:8px;font-weight:bold;font-family:monospace;margin:24px 0">${escapeHtml(input.code)}</p>`,
      `<p>${escapeHtml(minutes)} Never share it: our team will never ask you for it.</p>`,
    ].join('\n'),
    footer,
  );
  return { to: input.to, subject, text, html, tag: 'verify_email' };
}

/**
 * Sent instead of a code when someone registers with an address that already has an account,
 * so the answer to the registration never reveals which addresses exist.
 */
export function accountExistsEmail(
  input: { to: string; name: string },
  branding: MailBranding = defaultMailBranding,
): OutgoingEmail {
  const product = branding.productName;
  const subject = `You already have a ${product} account`;
  const footer = `You received this email because someone tried to sign up for ${product} with this address.`;
  const lines = [
    `Hi ${input.name},`,
    '',
    `Someone (hopefully you) just tried to create a ${product} account with this email address, but an account already exists.`,
    'If it was you, simply log in with your existing password. If your address is not verified yet, ask for a new code from the sign-in page.',
    'If it was not you, you can ignore this email: nothing has changed on your account.',
  ];
  const html = brandedHtml(
    branding,
    subject,
    lines
      .filter((line) => line !== '')
      .map((line) => `<p>${escapeHtml(line)}</p>`)
      .join('\n'),
    footer,
  );
  return { to: input.to, subject, text: brandedText(branding, lines, footer), html, tag: 'account_exists' };
}
