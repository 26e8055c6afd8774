import { DockerRuntime } from '../src/runtime/docker.js';
import { runtimeContract } from '../src/runtime/runtime.contract.js';
import { ECHO_IMAGE } from './helpers/docker.js';

runtimeContract('docker', () =>
  Promise.resolve({
    runtime: new DockerRuntime(process.env.DOCKER_HOST),
    image: ECHO_IMAGE,
    startupLine: 'echo listening on 8080',
    close: () => Promise.resolve(),
  }),
);
