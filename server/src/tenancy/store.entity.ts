import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import type { SmsProviderName } from "../config/config.js";
import { User } from "../identity/user.entity.js";
import type { StoreAnnouncement, StoreBanner, StoreContact, StoreEnamad, StoreLink } from "./store-settings.js";
import { Tenant } from "./tenant.entity.js";

/** `deleted` is a soft delete: the site and API answer 410, the data is kept. */
export const STORE_STATUSES = ["active", "suspended", "deleted"] as const;
export type StoreStatus = (typeof STORE_STATUSES)[number];
/** bazaar: warm and busy, for general shops; minimal: quiet type and white space; gallery: pictures first, for fashion and handicrafts. */
export const STORE_THEMES = ["bazaar", "minimal", "gallery"] as const;
export type StoreTheme = (typeof STORE_THEMES)[number];
export const STORE_LAYOUTS = ["grid", "list"] as const;
export type StoreLayout = (typeof STORE_LAYOUTS)[number];

/** A shop with its own site at `{slug}.{PLATFORM_DOMAIN}` or a verified custom domain. */
@Entity({ name: "stores" })
export class Store {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Index()
  @Column({ type: "uuid", name: "tenant_id" })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "tenant_id" })
  tenant?: Tenant;

  @Index()
  @Column({ type: "uuid", name: "owner_id" })
  ownerId: string;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "owner_id" })
  owner?: User;

  @Column({ type: "text" })
  name: string;

  @Column({ type: "text", default: "" })
  description: string;

  /** Storage key of the logo image, once uploaded. */
  @Column({ type: "text", nullable: true })
  logo: string | null;

  @Column({ type: "text", default: "bazaar" })
  theme: StoreTheme;

  @Column({ type: "text", default: "grid" })
  layout: StoreLayout;

  /** One of the theme's accent colours (THEME_ACCENTS); null keeps the theme's own. */
  @Column({ type: "text", nullable: true })
  accent: string | null;

  /** Product pages show the Latin name under the Persian one; off by default. */
  @Column({ type: "boolean", name: "show_latin_name", default: false })
  showLatinName: boolean;

  /** Phone, email, address with province and postal code, working hours, social links. */
  @Column({ type: "jsonb", default: {} })
  contact: StoreContact;

  /** Home banners in the order shown. */
  @Column({ type: "jsonb", default: [] })
  banners: StoreBanner[];

  /** The bar above the header on every page; null shows none. */
  @Column({ type: "jsonb", nullable: true })
  announcement: StoreAnnouncement | null;

  @Column({ type: "jsonb", name: "header_links", default: [] })
  headerLinks: StoreLink[];

  /** Null: the store's content pages, in their usual order. */
  @Column({ type: "jsonb", name: "footer_links", nullable: true })
  footerLinks: StoreLink[] | null;

  /** The eNamad seal; null until the merchant has one. */
  @Column({ type: "jsonb", nullable: true })
  enamad: StoreEnamad | null;

  @Column({ type: "text", unique: true })
  slug: string;

  @Column({ type: "text", name: "custom_domain", nullable: true, unique: true })
  customDomain: string | null;

  @Column({ type: "boolean", name: "custom_domain_verified", default: false })
  customDomainVerified: boolean;

  /** The value the merchant must publish as TXT `_mall-verify.{customDomain}`; kept after verification for re-checks. */
  @Column({ type: "text", name: "custom_domain_token", nullable: true })
  customDomainToken: string | null;

  /** When the worker (or the merchant's «بررسی اکنون») last checked the domain's records and certificate. */
  @Index("stores_domain_check_idx", { where: "custom_domain IS NOT NULL" })
  @Column({ type: "timestamptz", name: "custom_domain_checked_at", nullable: true })
  customDomainCheckedAt: Date | null;

  /** What the last check found wrong, in Persian for the merchant (a DNS record, the certificate); null when all is well. */
  @Column({ type: "text", name: "custom_domain_error", nullable: true })
  customDomainError: string | null;

  @Column({ type: "text", default: "active" })
  status: StoreStatus;

  /** Sends this store's SMS through another configured provider; null uses SMS_PROVIDER. Credentials stay platform-wide. */
  @Column({ type: "text", name: "sms_provider", nullable: true })
  smsProvider: SmsProviderName | null;

  /** Minutes after placement when an order still unpaid gets its one reminder SMS (issue 27 #3); null: no reminders. Below the reservation. */
  @Column({ type: "integer", name: "unpaid_reminder_minutes", nullable: true, default: 10 })
  unpaidReminderMinutes: number | null;

  /** At most this many reminder and back-in-stock SMS a Tehran day (issue 27 #6); sign-in codes and order notices are not counted. */
  @Column({ type: "integer", name: "sms_daily_budget", default: 100 })
  smsDailyBudget: number;

  /** Torob may read the store's products through its v3 webservice on the store's own host (issue 27 #5); off until the merchant turns it on. */
  @Column({ type: "boolean", name: "torob_enabled", default: false })
  torobEnabled: boolean;

  /** Emalls may read the store's products through its webservice on the store's own host (issue 27 #5); off until the merchant turns it on. */
  @Column({ type: "boolean", name: "emalls_enabled", default: false })
  emallsEnabled: boolean;

  /** Which of the store's Emalls tokens is good (the token is derived from it, never stored); renewing moves it on. */
  @Column({ type: "integer", name: "emalls_token_generation", default: 1 })
  emallsTokenGeneration: number;

  /** The Tehran day (YYYY-MM-DD) `smsWithheldCount` counts for: reminder and back-in-stock SMS the daily budget held back. */
  @Column({ type: "date", name: "sms_withheld_day", nullable: true })
  smsWithheldDay: string | null;

  @Column({ type: "integer", name: "sms_withheld_count", default: 0 })
  smsWithheldCount: number;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
