import { FakeRuntime } from './fakeRuntime.js';
import { runtimeContract } from './runtime.contract.js';

runtimeContract('fake', () => {
  const runtime = new FakeRuntime();
  const startupLine = 'echo listening on 8080';
  runtime.addImage('echo', { app: 'answers', startupLine });
  return Promise.resolve({ runtime, image: 'echo', startupLine, close: () => runtime.close() });
});
