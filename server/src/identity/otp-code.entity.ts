import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Store } from "../tenancy/store.entity.js";

/**
 * A one-time sign-in code, kept only as an HMAC (identity/otp.ts).
 *
 * Why PostgreSQL rather than Redis: a code outlives a Redis restart or
 * failover (a shopper who just got an SMS can still sign in), the attempt
 * counter is one atomic `UPDATE … SET attempts = attempts + 1 … RETURNING`,
 * and consuming the code commits in the same transaction as the sign-in it
 * grants. The table stays small: rows are pruned a day after they expire.
 */
@Entity({ name: "otp_codes" })
@Index("otp_codes_phone_created_idx", ["phone", "createdAt"])
@Index("otp_codes_expires_idx", ["expiresAt"])
export class OtpCode {
  /** Generated in code: it is also the HMAC's per-code salt. */
  @PrimaryColumn({ type: "uuid" })
  id: string;

  /** Always `+989XXXXXXXXX`. */
  @Column({ type: "text" })
  phone: string;

  /** The store the sign-in is for (the request's Host or X-Store); null on the platform's own host. */
  @Column({ type: "uuid", name: "store_id", nullable: true })
  storeId: string | null;

  @ManyToOne(() => Store, { onDelete: "CASCADE" })
  @JoinColumn({ name: "store_id" })
  store?: Store;

  /** HMAC-SHA256 (hex) of id, phone, store and code; never the code itself. */
  @Column({ type: "text", name: "code_hash" })
  codeHash: string;

  /**
   * Tries so far with this code's challenge (its id, which only the client
   * that asked for the code is given), right or wrong; past OTP_MAX_ATTEMPTS
   * the code is dead for them.
   */
  @Column({ type: "integer", default: 0 })
  attempts: number;

  /**
   * Tries without the challenge (clients that do not send it), counted apart
   * so that someone who never asked for this code cannot use up the tries of
   * the person who did (issue 24 #9); the same limit.
   */
  @Column({ type: "integer", name: "open_attempts", default: 0 })
  openAttempts: number;

  @Column({ type: "timestamptz", name: "expires_at" })
  expiresAt: Date;

  /** Set once, when the code signs someone in; a used code never works again. */
  @Column({ type: "timestamptz", name: "consumed_at", nullable: true })
  consumedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
