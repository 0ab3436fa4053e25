import { describe, expect, it } from 'vitest';
import { accountExistsEmail, verificationEmail } from './account-emails.js';
import { escapeHtml } from '../shared/branding.js';

describe('account emails', () => {
  it('puts the code in subject, text and html, with the expiry and the brand', () => {
    const email = verificationEmail({
      to: 'jane@example.com',
      name: 'Jane',
      code: '042917',
      expiresInMinutes: 10,
    });
    expect(email).toMatchObject({ to: 'jane@example.com', tag: 'verify_email' });
    expect(email.subject).toContain('042917');
    expect(email.subject).toContain('Chat Buddy');
    expect(email.text).toContain('042917');
    expect(email.text).toContain('10 minutes');
    expect(email.html).toContain('042917');
    expect(email.html).toContain('#0f766e');
  });

  it('escapes user-supplied names in HTML and keeps them readable in text', () => {
    const name = '<script>alert("x")</script> & Co';
    const email = verificationEmail({ to: 'a@example.com', name, code: '123456', expiresInMinutes: 10 });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain(escapeHtml(name));
    expect(email.text).toContain(name);
    const notice = accountExistsEmail({ to: 'a@example.com', name });
    expect(notice.html).not.toContain('<script>');
    expect(notice.text).not.toMatch(/\d{6}/);
  });

  it('brands per product and refuses an unsafe colour', () => {
    const email = verificationEmail(
      { to: 'a@example.com', name: 'A', code: '123456', expiresInMinutes: 10 },
      { productName: 'Acme Help', primaryColor: 'red;background:url(x)', appUrl: 'https://acme.test/"x' },
    );
    expect(email.subject).toContain('Acme Help');
    expect(email.html).not.toContain('url(x)');
    expect(email.html).toContain('https://acme.test/&quot;x');
  });
});
