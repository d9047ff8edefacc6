import { useState } from "react";
import { FieldError, inputClass, secondaryButton } from "./ui.tsx";

/**
 * «کد تخفیف»: the shopper types a code and applies it; the checkout asks the
 * cart check again with it, and shows what it takes off or, beside the
 * field, the store's Persian reason it cannot be used. Case and digits
 * (۱۲۳, 123, ١٢٣) do not matter: the server reads them alike.
 */
export default function DiscountCodeField({
  applied,
  error,
  onApply,
}: {
  applied: string | null;
  error: string | null;
  onApply: (code: string | null) => void;
}) {
  const [typed, setTyped] = useState(applied ?? "");
  const apply = () => onApply(typed.trim() || null);
  return (
    <div className="space-y-1" data-testid="discount-code">
      <label htmlFor="discount-code" className="text-sm font-bold">
        کد تخفیف
      </label>
      <div className="flex gap-2">
        <input
          id="discount-code"
          dir="ltr"
          autoComplete="off"
          className={inputClass(Boolean(applied && error))}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              apply();
            }
          }}
        />
        {applied ? (
          <button
            type="button"
            className={secondaryButton}
            onClick={() => {
              setTyped("");
              onApply(null);
            }}
          >
            حذف
          </button>
        ) : (
          <button type="button" className={secondaryButton} disabled={!typed.trim()} onClick={apply}>
            اعمال
          </button>
        )}
      </div>
      {applied && !error && <p className="text-xs text-emerald-700">کد تخفیف اعمال شد.</p>}
      <FieldError message={applied ? (error ?? undefined) : undefined} />
    </div>
  );
}
