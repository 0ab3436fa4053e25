import { describe, expect, it } from 'vitest';
import { RecordingLogger } from '../../testing/recording-logger.js';
import { RecordingMailer } from '../../testing/recording-mailer.js';
import { MailDispatcher } from './mail-dispatcher.js';

const email = {
  to: 'ada@example.com',
  subject: 'Your code',
  text: 'Code 123456',
  html: '<p>Code 123456</p>',
  tag: 'verify_email',
};

describe('MailDispatcher', () => {
  it('logs one warning naming the email and the error when a send fails', async () => {
    const mailer = new RecordingMailer();
    const logger = new RecordingLogger();
    const failure = new Error('provider rejected the request');
    mailer.failWith = failure;
    const dispatcher = new MailDispatcher(mailer, logger);
    dispatcher.dispatch(email);
    await dispatcher.idle();
    expect(logger.warnings).toEqual([
      { message: 'email could not be sent', fields: { tag: 'verify_email', error: failure } },
    ]);
  });

  it('logs nothing when the email is sent', async () => {
    const mailer = new RecordingMailer();
    const logger = new RecordingLogger();
    const dispatcher = new MailDispatcher(mailer, logger);
    dispatcher.dispatch(email);
    await dispatcher.idle();
    expect(mailer.sent).toHaveLength(1);
    expect(logger.warnings).toEqual([]);
  });
});
