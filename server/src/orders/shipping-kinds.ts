/** How Iranian shops send parcels; pure, so the store site reads the same labels. */
export const SHIPPING_KINDS = ["post_pishtaz", "post_sefareshi", "tipax", "courier", "pickup"] as const;
export type ShippingKind = (typeof SHIPPING_KINDS)[number];

export const SHIPPING_KIND_LABELS: Readonly<Record<ShippingKind, string>> = {
  post_pishtaz: "پست پیشتاز",
  post_sefareshi: "پست سفارشی",
  tipax: "تیپاکس",
  courier: "پیک",
  pickup: "تحویل حضوری",
};

/** Kinds whose parcels carry a tracking code that the shopper can look up (Iran Post, Tipax). */
export const TRACKED_KINDS: readonly ShippingKind[] = ["post_pishtaz", "post_sefareshi", "tipax"];
