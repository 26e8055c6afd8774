import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { pingPostgres } from './database.js';
import { ECHO_IMAGE, dockerOptions } from './docker.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Integration tests need a real engine (and PostgreSQL for its run): without them they fail here, never skip. */
export default async function setup(project: {
  config: { env?: Record<string, string> };
}): Promise<void> {
  if (project.config.env?.TEST_DATABASE === 'postgres') await pingPostgres();
  const docker = new Docker(dockerOptions());
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(
      `No Docker engine answers (DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'}). Run the tests with \`npm test\`, which starts one.`,
      { cause: err },
    );
  }
  const images = await docker.listImages({ filters: { reference: [ECHO_IMAGE] } });
  if (images.length === 0) {
    execFileSync('bash', ['scripts/build-test-image.sh'], { cwd: repoRoot, stdio: 'inherit' });
  }
}
