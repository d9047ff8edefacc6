import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { User } from "./user.entity.js";

/**
 * One refresh token of a sign-in. Tokens rotate: each refresh marks the old
 * one used and issues the next in the same family, so a used token coming
 * back means it was copied, and the whole family (the sign-in) is revoked.
 */
@Entity({ name: "refresh_tokens" })
@Index("refresh_tokens_family_idx", ["familyId"])
@Index("refresh_tokens_user_idx", ["userId"])
@Index("refresh_tokens_expires_idx", ["expiresAt"])
export class RefreshToken {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "user_id" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  /**
   * The store the sign-in was made at (its access tokens carry the same
   * audience); null for a sign-in on the platform's own host. A token is
   * exchanged only at the store it was issued for.
   */
  @Column({ type: "uuid", name: "store_id", nullable: true })
  storeId: string | null;

  /** Every token descended from one sign-in shares it. */
  @Column({ type: "uuid", name: "family_id" })
  familyId: string;

  /** sha256 (hex) of the opaque token; the token itself is only ever in the client's hands. */
  @Column({ type: "text", name: "token_hash", unique: true })
  tokenHash: string;

  @Column({ type: "timestamptz", name: "expires_at" })
  expiresAt: Date;

  @Column({ type: "timestamptz", name: "used_at", nullable: true })
  usedAt: Date | null;

  /** The token this one was exchanged for. */
  @Column({ type: "uuid", name: "replaced_by", nullable: true })
  replacedBy: string | null;

  @Column({ type: "timestamptz", name: "revoked_at", nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
