import { useEffect, useMemo, useState } from "react";
import { formatToman, toPersianDigits } from "@mall/locale";
import { addToCart } from "./cart-store.ts";
import { countView, fetchLiveInstances, type LiveInstance } from "./live-product.ts";

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

/**
 * A colour swatch drawn as SVG: its fill is an attribute, not an inline
 * style, so it passes the site's hash-only style policy.
 */
export function Swatch({ hex, size }: { hex: string; size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="11.5" fill={hex} stroke="rgb(0 0 0 / 0.15)" />
    </svg>
  );
}

function stockText(stock: number): string {
  if (stock <= 0) return "ناموجود";
  if (stock <= 3) return `فقط ${toPersianDigits(stock)} عدد باقی مانده`;
  return "موجود";
}

/**
 * Picks a variant (colour swatch, size) and shows that instance's live price
 * and stock from the API; the page's static price is only the starting point.
 */
export default function VariantPicker({ storeSlug, productId, slug, name, image, attributes, instances }: Props) {
  const firstAvailable = instances.find((i) => i.stock > 0) ?? instances[0];
  const [selected, setSelected] = useState<Record<string, string>>(firstAvailable?.values ?? {});
  const [live, setLive] = useState<Map<string, LiveInstance> | null>(null);
  const [added, setAdded] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    countView(productId);
    void fetchLiveInstances(productId, controller.signal).then((result) => {
      if (result) setLive(result);
    });
    return () => controller.abort();
  }, [productId]);

  const instance = useMemo(
    () => instances.find((i) => attributes.every((a) => i.values[a.id] === selected[a.id])),
    [instances, attributes, selected],
  );
  const current = instance ? { ...instance, ...(live?.get(instance.id) ?? {}) } : undefined;
  const variantLabel = attributes
    .map((a) => a.values.find((v) => v.id === selected[a.id])?.label)
    .filter(Boolean)
    .join(" / ");

  const exists = (attributeId: string, valueId: string) =>
    instances.some((i) => i.values[attributeId] === valueId && attributes.every((a) => a.id === attributeId || i.values[a.id] === selected[a.id]));

  return (
    <div className="space-y-4" data-testid="variant-picker" data-live={live ? "yes" : "no"}>
      {attributes.map((attribute) => (
        <fieldset key={attribute.id}>
          <legend className="mb-2 text-sm font-bold">{attribute.name}</legend>
          <div className="flex flex-wrap gap-2">
            {attribute.values.map((value) => {
              const chosen = selected[attribute.id] === value.id;
              const possible = exists(attribute.id, value.id);
              return (
                <button
                  key={value.id}
                  type="button"
                  aria-pressed={chosen}
                  aria-label={value.label}
                  title={value.label}
                  data-value={value.id}
                  onClick={() => {
                    setSelected({ ...selected, [attribute.id]: value.id });
                    setAdded(false);
                  }}
                  className={`flex min-h-11 min-w-11 items-center justify-center rounded-full border-2 text-sm ${attribute.type === "color" && value.hex ? "p-0.5" : "px-3"} ${chosen ? "border-[var(--c-primary)] font-bold" : "border-[var(--c-line)]"} ${possible ? "" : "opacity-40 line-through"}`}
                >
                  {attribute.type === "color" && value.hex ? <Swatch hex={value.hex} size={36} /> : value.label}
                </button>
              );
            })}
          </div>
        </fieldset>
      ))}
      <div aria-live="polite" className="space-y-1">
        <p className="text-2xl font-black" data-testid="live-price">
          {current ? formatToman(current.price) : "این ترکیب موجود نیست"}
        </p>
        {current && (
          <p data-testid="live-stock" className={current.stock > 0 ? "text-sm text-emerald-700" : "text-sm text-red-700"}>
            {stockText(current.stock)}
          </p>
        )}
      </div>
      <button
        type="button"
        disabled={!current || current.stock <= 0}
        onClick={() => {
          if (!current) return;
          addToCart(storeSlug, { productId, instanceId: current.id, slug, name, variant: variantLabel, unitPrice: current.price, image });
          setAdded(true);
        }}
        className="w-full rounded-xl bg-[var(--c-primary)] px-6 py-3 font-bold text-[var(--c-primary-ink)] disabled:cursor-not-allowed disabled:opacity-50"
      >
        افزودن به سبد خرید
      </button>
      {added && (
        <p role="status" className="text-sm">
          به سبد خرید اضافه شد. <a href="/cart/" className="underline">دیدن سبد خرید</a>
        </p>
      )}
    </div>
  );
}
