import { DomainError, ImageMissingError } from '../errors.js';
import { ContainerNameTakenError, type Runtime } from '../runtime/runtime.js';

/**
 * Whether a failed runtime call is the engine's failure. A missing image and a name already
 * taken are answers about our request (an operator's or a race's), not an engine in trouble.
 */
export function isEngineFailure(err: unknown): boolean {
  if (err instanceof ImageMissingError || err instanceof ContainerNameTakenError) return false;
  return (
    !(err instanceof DomainError) ||
    err.code === 'runtime_error' ||
    err.code === 'engine_unavailable'
  );
}

/**
 * The runtime as it is, with every failed call counted (one place for every driver): each
 * method that returns a promise, and the watch's loss of the event stream.
 */
export function countingEngineErrors(runtime: Runtime, count: () => void): Runtime {
  const onFailure = (err: unknown) => {
    if (isEngineFailure(err)) count();
  };
  return new Proxy(runtime, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        if (property === 'watch' && typeof args[1] === 'function') {
          const onError = args[1] as (err: unknown) => void;
          args[1] = (err: unknown) => {
            onFailure(err);
            onError(err);
          };
        }
        const result = method.apply(target, args);
        if (result instanceof Promise) result.catch(onFailure);
        return result;
      };
    },
  });
}
