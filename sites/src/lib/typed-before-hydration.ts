import { useLayoutEffect, type RefObject } from "react";

/**
 * Keeps what a visitor typed into a server-rendered field before its island
 * hydrated. The page is static HTML, so on a slow phone the field takes
 * typing long before the island's script has run; React then adopts the
 * field as it finds it but its state still holds the server's empty value,
 * and a button that waits for that state stays disabled with the number in
 * plain sight. On hydration this hands the field's current text to `keep`
 * (as if it had just been typed), before the browser paints again.
 */
export function useTypedBeforeHydration(
  field: RefObject<HTMLInputElement | HTMLTextAreaElement | null>,
  keep: (typed: string) => void,
): void {
  useLayoutEffect(() => {
    const typed = field.current?.value;
    if (typed) keep(typed);
    // Once, on hydration: afterwards the field's own onChange keeps the state.
  }, []);
}
