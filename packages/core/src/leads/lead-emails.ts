import type { OutgoingEmail } from '../shared/mail.js';
import {
  brandedHtml,
  brandedText,
  defaultMailBranding,
  escapeHtml,
  type MailBranding,
} from '../shared/branding.js';

export interface LeadCodeEmailInput {
  to: string;
  name: string;
  code: string;
  /** The business whose assistant asked for the address. */
  projectName: string;
  expiresInMinutes: number;
}

/** The email confirming a visitor's address to a project's assistant with a 6-digit code. */
export function leadCodeEmail(
  input: LeadCodeEmailInput,
  branding: MailBranding = defaultMailBranding,
): OutgoingEmail {
  const subject = `Your code for ${input.projectName}: ${input.code}`;
  const footer = `You received this email because someone entered this address in the ${input.projectName} assistant. If it was not you, ignore it: the address is not confirmed without this code.`;
  const minutes = `This code expires in ${input.expiresInMinutes} minutes and works once.`;
  const text = brandedText(
    branding,
    [
      `Hi ${input.name},`,
      '',
      `Your code to continue chatting with ${input.projectName} is:`,
      '',
      `    ${input.code}`,
      '',
      minutes,
      'Never share it with anyone.',
    ],
    footer,
  );
  const html = brandedHtml(
    branding,
    subject,
    [
      `<p>Hi ${escapeHtml(input.name)},</p>`,
      `<p>Your code to continue chatting with ${escapeHtml(input.projectName)} is:</p>`,
      `<p style="font-size:32px;letter-spacing:8px;font-weight:bold;font-family:monospace;margin:24px 0">${escapeHtml(input.code)}</p>`,
      `<p>${escapeHtml(minutes)} Never share it with anyone.</p>`,
    ].join('\n'),
    footer,
  );
  return { to: input.to, subject, text, html, tag: 'lead_otp' };
}
