import type { Lead } from '../../assistant/index.js';
import {
  brandedHtml,
  brandedText,
  defaultMailBranding,
  escapeHtml,
  type MailBranding,
} from '../../shared/branding.js';
import type { OutgoingEmail } from '../../shared/mail.js';
import { ellipsise } from '../../shared/truncate.js';

/** One line of plain text: control characters (line breaks included) become spaces. */
function oneLine(value: string, max = 120): string {
  const flat = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return ellipsise(flat, max);
}

/** The email telling a project's owner that a visitor verified their address. */
export function verifiedLeadEmail(
  to: string,
  lead: Lead,
  projectName: string,
  branding: MailBranding = defaultMailBranding,
): OutgoingEmail {
  const project = oneLine(projectName);
  const subject = `New verified lead for ${project}: ${oneLine(lead.name, 60)}`;
  const lines = [
    `A visitor of ${project} verified their email address.`,
    `Name: ${oneLine(lead.name, 500)}`,
    `Email: ${oneLine(lead.email, 320)}`,
    `Verified at: ${lead.verifiedAt?.toISOString() ?? 'unknown'}`,
  ];
  const footer = `You receive this email because you own the project ${project} in ${branding.productName}.`;
  return {
    to,
    subject,
    text: brandedText(branding, lines, footer),
    html: brandedHtml(
      branding,
      subject,
      lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
      footer,
    ),
    tag: 'lead_verified',
  };
}
