import type { SignupSettings } from '../config.js';

export interface SignupPolicyDeps {
  settings: SignupSettings;
  /** Admins may always sign up: an operator who closes sign-up can still get in. */
  adminEmails: ReadonlySet<string>;
  /** Whether an account exists for this address (existing users may always sign in). */
  isKnownUser(email: string): Promise<boolean>;
}

/** Who may ask for a sign-in link, by SIGNUP, ALLOWED_EMAILS and ALLOWED_EMAIL_DOMAINS. */
export class SignupPolicy {
  constructor(private readonly deps: SignupPolicyDeps) {}

  /** Whether this (lower-cased) address may sign in: an existing user, or one allowed to sign up. */
  async mayRequestLink(email: string): Promise<boolean> {
    if (this.deps.settings.mode === 'open') return true;
    // Both asked every time: the same work whichever answer is yes.
    const [allowed, known] = await Promise.all([
      this.isAllowedToSignUp(email),
      this.deps.isKnownUser(email),
    ]);
    return allowed || known;
  }

  /**
   * Whether a new account may be made for this (lower-cased) address. The one place that decides
   * it: invitations, when they come, are one more reason to say yes here.
   */
  isAllowedToSignUp(email: string): Promise<boolean> {
    return Promise.resolve(isListed(email, this.deps.settings, this.deps.adminEmails));
  }
}

/** Whether the lists let this address sign up under the settings' mode. */
function isListed(
  email: string,
  settings: SignupSettings,
  adminEmails: ReadonlySet<string>,
): boolean {
  switch (settings.mode) {
    case 'open':
      return true;
    case 'invite':
      return adminEmails.has(email) || settings.allowedEmails.has(email);
    case 'allowlist':
      return (
        adminEmails.has(email) ||
        settings.allowedEmails.has(email) ||
        settings.allowedDomains.has(domainOf(email))
      );
  }
}

/** The part after the last @, which is where the mail goes. */
function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * The start-up warning for a reachable spawner that anyone may sign up to (every account can run
 * every template); undefined when sign-up is closed or spawner is only on this machine.
 */
export function openSignupWarning(settings: SignupSettings, publicUrl: URL): string | undefined {
  if (settings.mode !== 'open' || isLoopbackHost(publicUrl.hostname)) return undefined;
  return `SIGNUP is open: anyone who can reach ${publicUrl.origin} can sign up and run containers; set SIGNUP=allowlist or invite with ALLOWED_EMAILS / ALLOWED_EMAIL_DOMAINS`;
}

/** True for a host name that only this machine reaches. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}
