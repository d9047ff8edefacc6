import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";

export const SITE_BUILD_STATUSES = ["building", "succeeded", "failed"] as const;
export type SiteBuildStatus = (typeof SITE_BUILD_STATUSES)[number];

/** One build of a store's site: what the back office and `mall site` show. */
@Entity({ name: "site_builds" })
@Index("site_builds_store_created_idx", ["storeId", "createdAt"])
export class SiteBuild extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text" })
  status: SiteBuildStatus;

  /** What asked for it: an event type, `cli`, `seed`. */
  @Column({ type: "text" })
  trigger: string;

  /** `incremental` when only the changed pages were built and the rest linked from the previous build. */
  @Column({ type: "text", nullable: true })
  mode: "full" | "incremental" | null;

  @Column({ type: "integer", name: "page_count", nullable: true })
  pageCount: number | null;

  @Column({ type: "integer", name: "duration_ms", nullable: true })
  durationMs: number | null;

  @Column({ type: "text", nullable: true })
  error: string | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @Column({ type: "timestamptz", name: "finished_at", nullable: true })
  finishedAt: Date | null;
}
