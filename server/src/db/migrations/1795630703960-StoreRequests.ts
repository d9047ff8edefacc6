import type { MigrationInterface, QueryRunner } from "typeorm";

export class StoreRequests1795630703960 implements MigrationInterface {
  name = "StoreRequests1795630703960";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "store_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_name" text NOT NULL, "slug" text NOT NULL, "description" text NOT NULL DEFAULT '', "owner_id" uuid NOT NULL, "owner_phone" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" text, "store_id" uuid, CONSTRAINT "PK_eae9fd4831dfa98360f198bb9b7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "store_requests_owner_created_idx" ON "store_requests" ("owner_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "store_requests_status_created_idx" ON "store_requests" ("status", "created_at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "store_requests_pending_slug_key" ON "store_requests" ("slug") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(
      `ALTER TABLE "store_requests" ADD CONSTRAINT "FK_980b38c3a8c1491c39143e0663f" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "store_requests" ADD CONSTRAINT "FK_94e5f7acf982d5fed49ba24a65c" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "store_requests" DROP CONSTRAINT "FK_94e5f7acf982d5fed49ba24a65c"`);
    await queryRunner.query(`ALTER TABLE "store_requests" DROP CONSTRAINT "FK_980b38c3a8c1491c39143e0663f"`);
    await queryRunner.query(`DROP INDEX "public"."store_requests_pending_slug_key"`);
    await queryRunner.query(`DROP INDEX "public"."store_requests_status_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."store_requests_owner_created_idx"`);
    await queryRunner.query(`DROP TABLE "store_requests"`);
  }
}
