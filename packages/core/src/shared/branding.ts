/** How transactional emails look and whom they come from. */
export interface MailBranding {
  productName: string;
  /** Accent colour of headings and the code box (CSS colour). */
  primaryColor: string;
  /** Where the dashboard lives, shown in the footer when set. */
  appUrl?: string;
}

export const defaultMailBranding: MailBranding = {
  productName: 'Chat Buddy',
  primaryColor: '#0f766e',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const safeColor = /^#[0-9a-fA-F]{3,8}$/;

/**
 * Wraps HTML body paragraphs (already escaped) in the branded layout: a product header, the
 * content, and a footer saying why the email was sent.
 */
export function brandedHtml(branding: MailBranding, title: string, bodyHtml: string, footer: string): string {
  const color = safeColor.test(branding.primaryColor)
    ? branding.primaryColor
    : defaultMailBranding.primaryColor;
  const product = escapeHtml(branding.productName);
  const link = branding.appUrl
    ? `<br><a href="${escapeHtml(branding.appUrl)}" style="color:${color}">${escapeHtml(branding.appUrl)}</a>`
    : '';
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;color:#18181b">',
    '<div style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">',
    `<div style="font-size:20px;font-weight:bold;color:${color};margin-bottom:24px">${product}</div>`,
    bodyHtml,
    `<p style="font-size:12px;color:#71717a;margin-top:32px">${escapeHtml(footer)}${link}</p>`,
    '</div></body></html>',
  ].join('\n');
}

/** The plain-text counterpart: the same content, then the footer and product name. */
export function brandedText(branding: MailBranding, lines: readonly string[], footer: string): string {
  const tail = [
    footer,
    branding.appUrl ? `${branding.productName} — ${branding.appUrl}` : branding.productName,
  ];
  return [...lines, '', '—', ...tail].join('\n');
}
