import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** SMTP when a URL is given; otherwise each mail goes to the log (for local use). */
export function createMailer(smtpUrl: string | undefined, from: string, log: Logger): Mailer {
  if (!smtpUrl) {
    return {
      send(mail) {
        // One line holding the whole message text, so the link can be copied from the log.
        log.info(
          { to: mail.to, subject: mail.subject },
          `mail not sent (no SMTP_URL): ${mail.text.replace(/\s+/g, ' ')}`,
        );
        return Promise.resolve();
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
    close() {
      transport.close();
    },
  };
}
