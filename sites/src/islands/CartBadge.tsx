import { toPersianDigits } from "@mall/locale";
import { useCart } from "./cart-store.ts";

/** The number of items in the cart, next to the cart link. */
export default function CartBadge({ storeSlug }: { storeSlug: string }) {
  const count = useCart(storeSlug).reduce((sum, line) => sum + line.quantity, 0);
  if (count === 0) return null;
  return (
    <span data-testid="cart-count" className="ms-1 inline-block min-w-5 rounded-full bg-[var(--c-accent)] px-1.5 text-center text-xs text-white">
      {toPersianDigits(count)}
    </span>
  );
}
