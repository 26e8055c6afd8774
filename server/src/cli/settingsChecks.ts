import { isLoopbackHost, openSignupWarning } from '../auth/signupPolicy.js';
import type { Config } from '../config.js';
import type { CheckResult } from './check.js';

/** The checks of the settings alone: no engine, store or network needed. */
export function settingsChecks(config: Config, env: NodeJS.ProcessEnv): CheckResult[] {
  return [publicUrlCheck(config, env), routingCheck(config, env), signupCheck(config)];
}

/** True when PUBLIC_URL names this machine only: a local set-up, not a deployment. */
export function isLocalSetup(config: Config): boolean {
  return isLoopbackHost(config.publicUrl.hostname);
}

function publicUrlCheck(config: Config, env: NodeJS.ProcessEnv): CheckResult {
  const url = config.publicUrl;
  const name = 'public URL';
  const unset = env.PUBLIC_URL ? '' : ' (PUBLIC_URL unset: the default)';
  if (url.protocol === 'https:') {
    return { name, status: 'ok', detail: `${url.origin}: https, cookies are Secure${unset}` };
  }
  if (isLoopbackHost(url.hostname)) {
    return {
      name,
      status: 'ok',
      detail: `${url.origin}: this machine only, plain http is fine here${unset}`,
    };
  }
  return {
    name,
    status: 'warn',
    detail: `${url.origin} is plain http on a host others reach: sign-in links and session cookies travel unencrypted and cookies are not Secure`,
    fix: 'serve spawner over TLS (Traefik in deploy/, or another proxy) and set PUBLIC_URL=https://…',
  };
}

function routingCheck(config: Config, env: NodeJS.ProcessEnv): CheckResult {
  const name = 'routing';
  const { routing, publicUrl } = config;
  if (routing.mode === 'path') {
    if (env.APPS_DOMAIN) {
      return {
        name,
        status: 'warn',
        detail: `ROUTING=path, so APPS_DOMAIN=${env.APPS_DOMAIN} is not used: apps are served at ${publicUrl.origin}/{slug}-{type}/`,
        fix: 'set ROUTING=subdomain to give each app a host of its own, or remove APPS_DOMAIN',
      };
    }
    return {
      name,
      status: 'ok',
      detail: `path mode: apps at ${publicUrl.origin}/{slug}-{type}/, on the dashboard's origin (docs/routing.md)`,
    };
  }
  const host = publicUrl.hostname;
  const where =
    host === routing.appsDomain
      ? `the dashboard at ${host} itself`
      : `the dashboard at ${host}, outside it`;
  return {
    name,
    status: 'ok',
    detail: `subdomain mode: apps at ${publicUrl.protocol}//{slug}-{type}.${routing.appsDomain}/, ${where}; needs a wildcard DNS record and certificate for *.${routing.appsDomain}`,
  };
}

function signupCheck(config: Config): CheckResult {
  const warning = openSignupWarning(config.signup, config.publicUrl);
  if (warning) {
    return {
      name: 'sign-up',
      status: 'warn',
      detail: warning.split(';')[0]!,
      fix: 'set SIGNUP=allowlist (ALLOWED_EMAILS, ALLOWED_EMAIL_DOMAINS) or SIGNUP=invite',
    };
  }
  return { name: 'sign-up', status: 'ok', detail: `SIGNUP=${config.signup.mode}` };
}
