/**
 * The shapes of a store's own settings kept beside its name and theme
 * (stores.contact, banners, announcement, header_links, footer_links,
 * enamad): what the back office edits through updateStoreSettings and what
 * the site snapshot carries. Pure types and constants, no imports.
 */

export const SOCIAL_KINDS = ["instagram", "telegram", "whatsapp", "eitaa", "bale", "rubika", "aparat"] as const;
export type SocialKind = (typeof SOCIAL_KINDS)[number];

/** How shoppers reach the store: the contact page, the footer, invoices and eNamad's review read it. */
export interface StoreContact {
  /** Latin digits, as dialled: 09121234567 or 02188776655. */
  phone?: string | null;
  email?: string | null;
  /** Street address without province and city. */
  address?: string | null;
  provinceId?: number | null;
  city?: string | null;
  /** Ten Latin digits. */
  postalCode?: string | null;
  /** Free text, e.g. «شنبه تا پنجشنبه ۹ تا ۱۸». */
  workingHours?: string | null;
  social?: Array<{ kind: SocialKind; url: string }>;
}

/** A home banner: an uploaded image (a media row of the store), a title and where it leads. */
export interface StoreBanner {
  mediaId: string;
  title: string;
  link: string | null;
}

export interface StoreAnnouncement {
  text: string;
  link: string | null;
}

/** A link the merchant arranges in the site's header or footer: a path on the site (/pages/about/) or an https address. */
export interface StoreLink {
  label: string;
  href: string;
}

/**
 * The eNamad trust seal (enamad.ir gives the merchant a snippet with an id
 * and a code). The badge links to trustseal.enamad.ir with both.
 */
export interface StoreEnamad {
  id: string;
  code: string;
}

/** Where the seal's link and image live; the site's CSP allows it only for a store with a seal. */
export const ENAMAD_ORIGIN = "https://trustseal.enamad.ir";

export function enamadLinks(enamad: StoreEnamad): { href: string; imageUrl: string } {
  const query = `id=${encodeURIComponent(enamad.id)}&Code=${encodeURIComponent(enamad.code)}`;
  return { href: `${ENAMAD_ORIGIN}/?${query}`, imageUrl: `${ENAMAD_ORIGIN}/logo.aspx?${query}` };
}

/** Accent colours a theme offers (the merchant picks one; null is the theme's own). */
export const THEME_ACCENTS: Record<"bazaar" | "minimal" | "gallery", readonly string[]> = {
  bazaar: ["#0f6e68", "#b4451f", "#1d4e89", "#7a3e9d", "#a0522d", "#2f6b2f"],
  minimal: ["#111111", "#374151", "#1d4e89", "#9f1239", "#065f46"],
  gallery: ["#1c1917", "#7c2d12", "#9d174d", "#1e3a8a", "#3f6212"],
};
