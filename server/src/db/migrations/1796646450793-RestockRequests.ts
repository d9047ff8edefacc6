import type { MigrationInterface, QueryRunner } from "typeorm";

export class RestockRequests1796646450793 implements MigrationInterface {
  name = "RestockRequests1796646450793";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "restock_requests" ("store_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "instance_id" uuid NOT NULL, "product_id" uuid NOT NULL, "phone" text NOT NULL, "user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "notified_at" TIMESTAMP WITH TIME ZONE, "sms_message_id" uuid, "notify_event_id" text, CONSTRAINT "PK_5954b59e21a3d66bf6299cdd7f5" PRIMARY KEY ("id", "store_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "restock_requests_store_instance_waiting_idx" ON "restock_requests" ("store_id", "instance_id", "created_at") WHERE "notified_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "restock_requests_store_instance_phone_waiting_key" ON "restock_requests" ("store_id", "instance_id", "phone") WHERE "notified_at" IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "restock_requests" ADD CONSTRAINT "FK_7753dcf058af3bf69c377d19b13" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "restock_requests" ADD CONSTRAINT "FK_72dd494f959e4d279e712e68f17" FOREIGN KEY ("store_id", "instance_id") REFERENCES "product_instances"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "restock_requests" ADD CONSTRAINT "FK_151f4a66bce4e848cf746a1dd98" FOREIGN KEY ("store_id", "product_id") REFERENCES "products"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "restock_requests" ADD CONSTRAINT "FK_d8e56b9738285be41012bfb73c3" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "restock_requests" DROP CONSTRAINT "FK_d8e56b9738285be41012bfb73c3"`);
    await queryRunner.query(`ALTER TABLE "restock_requests" DROP CONSTRAINT "FK_151f4a66bce4e848cf746a1dd98"`);
    await queryRunner.query(`ALTER TABLE "restock_requests" DROP CONSTRAINT "FK_72dd494f959e4d279e712e68f17"`);
    await queryRunner.query(`ALTER TABLE "restock_requests" DROP CONSTRAINT "FK_7753dcf058af3bf69c377d19b13"`);
    await queryRunner.query(`DROP INDEX "public"."restock_requests_store_instance_phone_waiting_key"`);
    await queryRunner.query(`DROP INDEX "public"."restock_requests_store_instance_waiting_idx"`);
    await queryRunner.query(`DROP TABLE "restock_requests"`);
  }
}
