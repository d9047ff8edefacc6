import type { MigrationInterface, QueryRunner } from "typeorm";

export class AnalyticsBuyers1795640090225 implements MigrationInterface {
  name = "AnalyticsBuyers1795640090225";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "store_daily_buyers" ("store_id" uuid NOT NULL, "id" BIGSERIAL NOT NULL, "day" date NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_1e99a430c32cb77dc3f1bec3a3e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "store_daily_buyers_store_user_day_idx" ON "store_daily_buyers" ("store_id", "user_id", "day") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "store_daily_buyers_store_day_user_key" ON "store_daily_buyers" ("store_id", "day", "user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "store_daily_buyers" ADD CONSTRAINT "FK_f7b856201852d07d21c12ed8c8a" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "store_daily_buyers" DROP CONSTRAINT "FK_f7b856201852d07d21c12ed8c8a"`);
    await queryRunner.query(`DROP INDEX "public"."store_daily_buyers_store_day_user_key"`);
    await queryRunner.query(`DROP INDEX "public"."store_daily_buyers_store_user_day_idx"`);
    await queryRunner.query(`DROP TABLE "store_daily_buyers"`);
  }
}
