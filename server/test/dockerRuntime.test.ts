import { DockerRuntime } from '../src/runtime/docker.js';
import { runtimeContract } from '../src/runtime/runtime.contract.js';
import { ECHO_IMAGE } from './helpers/docker.js';

runtimeContract('docker', () =>
  Promise.resolve({
    runtime: new DockerRuntime(process.env.DOCKER_HOST),
    image: ECHO_IMAGE,
    startupLine: 'echo listening on 8080',
    // A socket path nobody listens on: the engine is "away" without touching any address.
    unreachable: () => new DockerRuntime('unix:///nonexistent/spawner-engine.sock'),
    close: () => Promise.resolve(),
  }),
);
