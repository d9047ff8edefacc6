import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { User } from "../identity/user.entity.js";
import { Store } from "./store.entity.js";

export const STORE_REQUEST_STATUSES = ["pending", "approved", "rejected"] as const;
export type StoreRequestStatus = (typeof STORE_REQUEST_STATUSES)[number];

/**
 * A merchant's request for a new store, from the platform's landing page.
 * Staff approve it (which provisions the store) or reject it with a reason;
 * either way the owner gets an SMS. A slug has at most one pending request
 * (the partial unique index); a rejected request frees its slug.
 */
@Entity({ name: "store_requests" })
@Index("store_requests_pending_slug_key", ["slug"], { unique: true, where: `"status" = 'pending'` })
@Index("store_requests_status_created_idx", ["status", "createdAt"])
@Index("store_requests_owner_created_idx", ["ownerId", "createdAt"])
export class StoreRequest {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text", name: "store_name" })
  storeName: string;

  /** The desired subdomain: `{slug}.{PLATFORM_DOMAIN}`. */
  @Column({ type: "text" })
  slug: string;

  @Column({ type: "text", default: "" })
  description: string;

  @Column({ type: "uuid", name: "owner_id" })
  ownerId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "owner_id" })
  owner?: User;

  /** The owner's verified mobile at the time of the request (`+989…`), where the decision is texted. */
  @Column({ type: "text", name: "owner_phone" })
  ownerPhone: string;

  @Column({ type: "text", default: "pending" })
  status: StoreRequestStatus;

  /** Why it was rejected (texted to the owner). */
  @Column({ type: "text", nullable: true })
  reason: string | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @Column({ type: "timestamptz", name: "decided_at", nullable: true })
  decidedAt: Date | null;

  /** Who decided: `cli`, or `user:{id}` for staff acting through the API. */
  @Column({ type: "text", name: "decided_by", nullable: true })
  decidedBy: string | null;

  /** The store an approval provisioned. */
  @Column({ type: "uuid", name: "store_id", nullable: true })
  storeId: string | null;

  @ManyToOne(() => Store, { onDelete: "SET NULL" })
  @JoinColumn({ name: "store_id" })
  store?: Store;
}
