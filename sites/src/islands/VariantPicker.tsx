import { useEffect, useMemo, useState } from "react";
import { formatToman, toPersianDigits } from "@mall/locale";
import { addToCart, cartLines } from "./cart-store.ts";
import { countView, fetchLiveInstances, type LiveInstance } from "./live-product.ts";
import RestockNotify from "./RestockNotify.tsx";
import { Swatch } from "./Swatch.tsx";

interface PickerValue {
  id: string;
  label: string;
  hex: string | null;
}
interface PickerAttribute {
  id: string;
  name: string;
  type: string;
  values: PickerValue[];
}
interface PickerInstance {
  id: string;
  price: number;
  stock: number;
  values: Record<string, string>;
}
interface Props {
  storeSlug: string;
  productId: string;
  slug: string;
  name: string;
  image: string | null;
  attributes: PickerAttribute[];
  instances: PickerInstance[];
}

function stockText(stock: number): string {
  if (stock <= 0) return "ناموجود";
  if (stock <= 3) return `فقط ${toPersianDigits(stock)} عدد باقی مانده`;
  return "موجود";
}

/** «رنگ و سایز» — the names of the choices still to make, joined the Persian way. */
function joinFa(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join("، ")} و ${names.at(-1)}`;
}

/**
 * Picks a variant (colour swatch, size) and shows that instance's live price
 * and stock from the API; the page's static price is only the starting point.
 * Nothing is chosen for the shopper (only a choice with a single value): the
 * button says what is still to choose, and the chosen colour is named. On a
 * phone the price and the button stay in a bar at the bottom of the screen.
 */
export default function VariantPicker({ storeSlug, productId, slug, name, image, attributes, instances }: Props) {
  const [selected, setSelected] = useState<Record<string, string>>(() =>
    Object.fromEntries(attributes.filter((a) => a.values.length === 1).map((a) => [a.id, a.values[0]!.id])),
  );
  const [live, setLive] = useState<Map<string, LiveInstance> | null>(null);
  const [added, setAdded] = useState<"added" | "all" | null>(null);
  const [nudge, setNudge] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    countView(productId);
    void fetchLiveInstances(productId, controller.signal).then((result) => {
      if (result) setLive(result);
    });
    return () => controller.abort();
  }, [productId]);

  const withLive = (i: PickerInstance) => ({ ...i, ...(live?.get(i.id) ?? {}) });
  const missing = attributes.filter((a) => !selected[a.id]);
  const instance = useMemo(
    () => (missing.length > 0 ? undefined : instances.find((i) => attributes.every((a) => i.values[a.id] === selected[a.id]))),
    [instances, attributes, selected, missing.length],
  );
  const current = instance ? withLive(instance) : undefined;
  // Before a full choice: the prices of what the choices so far still allow, in stock first.
  const candidates = instances.filter((i) => attributes.every((a) => !selected[a.id] || i.values[a.id] === selected[a.id])).map(withLive);
  const pool = candidates.some((i) => i.stock > 0) ? candidates.filter((i) => i.stock > 0) : candidates;
  const low = pool.length > 0 ? Math.min(...pool.map((i) => i.price)) : null;
  const high = pool.length > 0 ? Math.max(...pool.map((i) => i.price)) : null;
  const variantLabel = attributes
    .map((a) => a.values.find((v) => v.id === selected[a.id])?.label)
    .filter(Boolean)
    .join(" / ");

  const exists = (attributeId: string, valueId: string) =>
    instances.some(
      (i) =>
        i.values[attributeId] === valueId &&
        attributes.every((a) => a.id === attributeId || !selected[a.id] || i.values[a.id] === selected[a.id]),
    );

  const missingText = `${joinFa(missing.map((a) => a.name))} را انتخاب کنید`;
  let buttonText = "افزودن به سبد خرید";
  if (missing.length > 0) buttonText = missingText;
  else if (!current) buttonText = "این ترکیب موجود نیست";
  else if (current.stock <= 0) buttonText = "ناموجود";

  const add = () => {
    if (missing.length > 0) {
      setNudge(true);
      document.querySelector<HTMLButtonElement>(`[data-attribute="${missing[0]!.id}"] button`)?.focus();
      return;
    }
    if (!current || current.stock <= 0) return;
    const before = cartLines(storeSlug).find((l) => l.instanceId === current.id)?.quantity ?? 0;
    const after = addToCart(storeSlug, {
      productId,
      instanceId: current.id,
      slug,
      name,
      variant: variantLabel,
      unitPrice: current.price,
      image,
      stock: current.stock,
    });
    setAdded(after > before ? "added" : "all");
  };

  return (
    <div className="space-y-4" data-testid="variant-picker" data-live={live ? "yes" : "no"}>
      {attributes.map((attribute) => {
        const chosen = attribute.values.find((v) => v.id === selected[attribute.id]);
        const needed = nudge && !chosen;
        return (
          <fieldset
            key={attribute.id}
            data-attribute={attribute.id}
            className={needed ? "rounded-xl outline-2 outline-offset-4 outline-red-600" : ""}
          >
            <legend className="mb-2 text-sm">
              <span className="font-bold">{attribute.name}: </span>
              {chosen ? (
                <span data-testid="chosen-value">{chosen.label}</span>
              ) : (
                <span className={needed ? "text-red-700" : "text-[var(--c-muted)]"}>انتخاب نشده</span>
              )}
            </legend>
            <div className="flex flex-wrap gap-2">
              {attribute.values.map((value) => {
                const isChosen = chosen?.id === value.id;
                const possible = exists(attribute.id, value.id);
                return (
                  <button
                    key={value.id}
                    type="button"
                    aria-pressed={isChosen}
                    aria-label={value.label}
                    title={value.label}
                    data-value={value.id}
                    onClick={() => {
                      setSelected({ ...selected, [attribute.id]: value.id });
                      setAdded(null);
                    }}
                    className={`flex min-h-11 min-w-11 items-center justify-center rounded-full border-2 text-sm ${attribute.type === "color" && value.hex ? "p-0.5" : "px-3"} ${isChosen ? "border-[var(--c-primary)] font-bold ring-2 ring-[var(--c-primary)]/30" : "border-[var(--c-line)]"} ${possible ? "" : "opacity-40 line-through"}`}
                  >
                    {attribute.type === "color" && value.hex ? <Swatch hex={value.hex} size={36} /> : value.label}
                  </button>
                );
              })}
            </div>
          </fieldset>
        );
      })}
      {current && (
        <p data-testid="live-stock" aria-live="polite" className={current.stock > 0 ? "text-sm text-emerald-700" : "text-sm text-red-700"}>
          {stockText(current.stock)}
        </p>
      )}
      {current && current.stock <= 0 && (
        <RestockNotify key={current.id} storeSlug={storeSlug} productId={productId} instanceId={current.id} />
      )}
      {nudge && missing.length > 0 && (
        <p role="alert" className="text-sm text-red-700">
          لطفاً {joinFa(missing.map((a) => a.name))} را انتخاب کنید.
        </p>
      )}
      <div
        data-testid="buy-bar"
        className="fixed inset-x-0 bottom-0 z-10 flex items-center gap-3 border-t border-[var(--c-line)] bg-[var(--c-surface)] px-4 py-3 shadow-[0_-4px_12px_rgb(0_0_0/0.06)] md:static md:flex-col md:items-stretch md:border-0 md:bg-transparent md:p-0 md:shadow-none"
      >
        <p className="shrink-0 text-lg font-black md:text-2xl" data-testid="live-price" aria-live="polite">
          {current
            ? formatToman(current.price)
            : missing.length === 0
              ? "ناموجود"
              : low === null
                ? ""
                : low === high
                  ? formatToman(low)
                  : `از ${formatToman(low)}`}
        </p>
        <button
          type="button"
          data-testid="add-to-cart"
          disabled={missing.length === 0 && (!current || current.stock <= 0)}
          onClick={add}
          className="min-h-12 flex-1 rounded-xl bg-[var(--c-primary)] px-4 py-3 font-bold text-[var(--c-primary-ink)] disabled:cursor-not-allowed disabled:opacity-50"
        >
          {buttonText}
        </button>
      </div>
      {added && (
        <p role="status" className="text-sm">
          {added === "added" ? "به سبد خرید اضافه شد." : "همهٔ موجودی این کالا در سبد خرید شماست."}{" "}
          <a href="/cart/" className="inline-block py-2 underline">
            دیدن سبد خرید
          </a>
        </p>
      )}
    </div>
  );
}
