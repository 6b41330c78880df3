import type { Core } from './core';

/**
 * One instance per core, made on first use: services that several handler modules (and
 * transports) must share, such as the checks in flight or the previewed export bundles.
 */
export function perCore<T>(make: (core: Core) => T): (core: Core) => T {
  const instances = new WeakMap<Core, T>();
  return (core) => {
    let x = instances.get(core);
    if (x === undefined) {
      x = make(core);
      instances.set(core, x);
    }
    return x;
  };
}
