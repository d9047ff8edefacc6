import type { MigrationInterface, QueryRunner } from "typeorm";

export class AnalyticsFirstPurchases1795641874938 implements MigrationInterface {
  name = "AnalyticsFirstPurchases1795641874938";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "store_first_purchases" ("store_id" uuid NOT NULL, "id" BIGSERIAL NOT NULL, "user_id" uuid NOT NULL, "day" date NOT NULL, CONSTRAINT "PK_ce14f773a34e9be20a7aec131d6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "store_first_purchases_store_day_idx" ON "store_first_purchases" ("store_id", "day") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "store_first_purchases_store_user_key" ON "store_first_purchases" ("store_id", "user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "store_first_purchases" ADD CONSTRAINT "FK_8043110afa86de1703a36ba93c0" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "store_first_purchases" DROP CONSTRAINT "FK_8043110afa86de1703a36ba93c0"`);
    await queryRunner.query(`DROP INDEX "public"."store_first_purchases_store_user_key"`);
    await queryRunner.query(`DROP INDEX "public"."store_first_purchases_store_day_idx"`);
    await queryRunner.query(`DROP TABLE "store_first_purchases"`);
  }
}
