import { useLayoutEffect, useState, useSyncExternalStore } from "react";

/**
 * React's useSyncExternalStore with its hydration rule, kept under Preact
 * (preact/compat's version takes no server snapshot): the page's built HTML
 * was rendered with `serverSnapshot`, so the hydrating render uses it too and
 * the browser's own value (localStorage) follows right after. Preact does not
 * patch attributes while hydrating; rendering the browser's value at once
 * would leave the built page's attributes (an empty cart's label) in place.
 */
export function useBrowserStore<T>(subscribe: (onChange: () => void) => () => void, getSnapshot: () => T, serverSnapshot: T): T {
  const [hydrated, setHydrated] = useState(false);
  // A layout effect: the browser's value is rendered before the first paint after hydration, not a frame later.
  useLayoutEffect(() => setHydrated(true), []);
  const value = useSyncExternalStore(subscribe, typeof window === "undefined" ? () => serverSnapshot : getSnapshot);
  return hydrated ? value : serverSnapshot;
}
