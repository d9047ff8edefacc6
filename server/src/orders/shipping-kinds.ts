import type { ShippingKind } from "@mall/locale";

/** How Iranian shops send parcels: the kinds and their Persian labels live in @mall/locale. */
export { SHIPPING_KIND_LABELS, SHIPPING_KINDS, type ShippingKind } from "@mall/locale";

/** Kinds whose parcels carry a tracking code that the shopper can look up (Iran Post, Tipax). */
export const TRACKED_KINDS: readonly ShippingKind[] = ["post_pishtaz", "post_sefareshi", "tipax"];
