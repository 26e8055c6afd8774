import { FakeRuntime } from './fakeRuntime.js';
import { runtimeContract } from './runtime.contract.js';

runtimeContract('fake', () => {
  const runtime = new FakeRuntime();
  const startupLine = 'echo listening on 8080';
  runtime.addImage('echo', { app: 'answers', startupLine });
  const unreachable = () => {
    const away = new FakeRuntime();
    away.setReachable(false);
    return away;
  };
  return Promise.resolve({
    runtime,
    image: 'echo',
    startupLine,
    unreachable,
    close: () => runtime.close(),
  });
});
