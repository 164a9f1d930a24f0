/**
 * An object built on its first use, standing in for it until then: `lazy(() => z.object({ … }))` has the schema's
 * own type, so `.parse`, `.extend`, `z.infer<typeof …>` and composing it into other schemas work as before, but
 * nothing is built when the module is imported. Building a Zod 4 schema costs tens of microseconds (every method
 * is attached to each instance), and the page's script imports a few hundred of them that most pages never use:
 * built at import, they were most of the time evaluating engine.js took on the page's main thread (issue 13).
 *
 * The stand-in forwards reads, writes and `in` to the built object (a method called on it runs with the stand-in as
 * `this`, whose reads are the built object's). A stand-in used inside another lazy builder is built only when that
 * one is. Only for objects whose identity does not matter (the stand-in is not the built object).
 */
export function lazy<T extends object>(build: () => T): T {
  let built: T | undefined;
  const value = (): T => (built ??= build());
  return new Proxy(Object.create(null) as T, {
    get: (_, key) => Reflect.get(value(), key),
    set: (_, key, v) => Reflect.set(value(), key, v),
    has: (_, key) => Reflect.has(value(), key),
  });
}
