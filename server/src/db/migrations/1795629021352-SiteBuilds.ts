import type { MigrationInterface, QueryRunner } from "typeorm";

export class SiteBuilds1795629021352 implements MigrationInterface {
  name = "SiteBuilds1795629021352";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "site_builds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "status" text NOT NULL, "trigger" text NOT NULL, "mode" text, "page_count" integer, "duration_ms" integer, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6d4e57bfbe82b74df7d282faff0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "site_builds_store_created_idx" ON "site_builds" ("store_id", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "site_builds" ADD CONSTRAINT "FK_3c2a40b7db58c701a35fa319091" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "site_builds" DROP CONSTRAINT "FK_3c2a40b7db58c701a35fa319091"`);
    await queryRunner.query(`DROP INDEX "public"."site_builds_store_created_idx"`);
    await queryRunner.query(`DROP TABLE "site_builds"`);
  }
}
