import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import type { SmsProviderName } from "../config/config.js";
import { Store } from "../tenancy/store.entity.js";

/** otp: sign-in codes; notice: order moves; reminder and restock: the retention messages a store's daily budget counts (issue 27). */
export const SMS_KINDS = ["otp", "notice", "reminder", "restock"] as const;
export type SmsKind = (typeof SMS_KINDS)[number];
export const SMS_STATUSES = ["queued", "sent", "failed"] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/**
 * Every SMS Mall sends, from queueing to the provider's answer, so that none
 * is lost silently. A sign-in code is never stored here: `text` is masked.
 */
@Entity({ name: "sms_messages" })
@Index("sms_messages_store_created_idx", ["storeId", "createdAt"])
@Index("sms_messages_phone_created_idx", ["phone", "createdAt"])
export class SmsMessage {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "store_id", nullable: true })
  storeId: string | null;

  @ManyToOne(() => Store, { onDelete: "CASCADE" })
  @JoinColumn({ name: "store_id" })
  store?: Store;

  @Column({ type: "text" })
  phone: string;

  @Column({ type: "text" })
  kind: SmsKind;

  @Column({ type: "text" })
  provider: SmsProviderName;

  /** What was sent, with any code replaced by ●. */
  @Column({ type: "text", default: "" })
  text: string;

  @Column({ type: "text", default: "queued" })
  status: SmsStatus;

  @Column({ type: "integer", default: 0 })
  attempts: number;

  @Column({ type: "text", name: "last_error", nullable: true })
  lastError: string | null;

  @Column({ type: "text", name: "provider_message_id", nullable: true })
  providerMessageId: string | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @Column({ type: "timestamptz", name: "sent_at", nullable: true })
  sentAt: Date | null;
}
