import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";

/**
 * A custom domain's certificate from the ACME server. The key is kept here
 * (and written 0600 for nginx): the database is the one place every replica
 * and the renewal job read it from, so a lost disk only means rewriting the
 * files. The renewal job fills `lastError`/`failedAt` when it can't renew,
 * and clears them on success.
 */
@Entity({ name: "ssl_certificates" })
@Index("ssl_certificates_store_domain_key", ["storeId", "domain"], { unique: true })
@Index("ssl_certificates_not_after_idx", ["notAfter"])
export class SslCertificate extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text" })
  domain: string;

  /** The leaf and its chain as the ACME server sent them (PEM). */
  @Column({ type: "text", name: "certificate_pem" })
  certificatePem: string;

  @Column({ type: "text", name: "private_key_pem" })
  privateKeyPem: string;

  /** Hex, as `openssl x509 -serial` prints it. */
  @Column({ type: "text" })
  serial: string;

  @Column({ type: "timestamptz", name: "not_before" })
  notBefore: Date;

  @Column({ type: "timestamptz", name: "not_after" })
  notAfter: Date;

  @Column({ type: "timestamptz", name: "issued_at" })
  issuedAt: Date;

  /** Why the last renewal failed (null after a success). */
  @Column({ type: "text", name: "last_error", nullable: true })
  lastError: string | null;

  @Column({ type: "timestamptz", name: "failed_at", nullable: true })
  failedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}

/**
 * An HTTP-01 challenge in flight: the server answers
 * `/.well-known/acme-challenge/{token}` with the key authorization for any
 * Host, from this table, so whichever replica the ACME server reaches
 * answers. Rows are deleted once the order is settled.
 */
@Entity({ name: "acme_challenges" })
export class AcmeChallenge {
  @PrimaryColumn({ type: "text" })
  token: string;

  @Column({ type: "text", name: "key_authorization" })
  keyAuthorization: string;

  @Column({ type: "text" })
  domain: string;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}

/** The platform's account at an ACME server, kept so every order and renewal uses one account (ACME servers limit new accounts). */
@Entity({ name: "acme_accounts" })
export class AcmeAccount {
  @PrimaryColumn({ type: "text", name: "directory_url" })
  directoryUrl: string;

  @Column({ type: "text", name: "account_key_pem" })
  accountKeyPem: string;

  @Column({ type: "text", name: "account_url", nullable: true })
  accountUrl: string | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
