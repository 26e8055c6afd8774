import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { ENV, fromEnv } from './paths';

/** Waits for the newest mail to `email` and returns the sign-in link in it. */
export async function waitForMagicLink(email: string, timeoutMs = 20_000): Promise<string> {
  const dir = fromEnv(ENV.mailDir);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = (await readdir(dir))
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .reverse();
    for (const file of files) {
      const raw = await readFile(join(dir, file), 'utf8');
      if (!raw.startsWith(`X-Envelope-To: ${email}\r\n`)) continue;
      const mail = await simpleParser(raw);
      const link = /https?:\/\/\S+\/auth\/verify\?token=[^\s"'<>]+/.exec(mail.text ?? '')?.[0];
      if (!link) throw new Error(`mail ${file} to ${email} holds no sign-in link:\n${mail.text}`);
      return link;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${email} within ${timeoutMs} ms (mails in ${dir})`);
}
