import { access, constants } from 'node:fs/promises';
import { NGINX } from './nginx.js';

/** The replica tests put nginx in front of the replicas: without it they fail here, never skip. */
export default async function setup(): Promise<void> {
  try {
    await access(NGINX, constants.X_OK);
  } catch (err) {
    throw new Error(
      `${NGINX} is missing: the replica tests need nginx (apt-get install nginx; \`npm test\` installs it).`,
      { cause: err },
    );
  }
}
