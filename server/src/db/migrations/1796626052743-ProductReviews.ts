import type { MigrationInterface, QueryRunner } from "typeorm";

export class ProductReviews1796626052743 implements MigrationInterface {
  name = "ProductReviews1796626052743";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "product_reviews" ("store_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "product_id" uuid NOT NULL, "user_id" uuid NOT NULL, "order_id" uuid, "rating" smallint NOT NULL, "body" text NOT NULL DEFAULT '', "status" text NOT NULL DEFAULT 'pending', "reply" text, "replied_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "product_reviews_status_check" CHECK ("status" IN ('pending', 'approved', 'hidden')), CONSTRAINT "product_reviews_rating_check" CHECK ("rating" BETWEEN 1 AND 5), CONSTRAINT "PK_19d79c0cb63fa33ca0be9560113" PRIMARY KEY ("id", "store_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "product_reviews_store_status_created_idx" ON "product_reviews" ("store_id", "status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "product_reviews_store_product_status_idx" ON "product_reviews" ("store_id", "product_id", "status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "product_reviews_store_product_user_key" ON "product_reviews" ("store_id", "product_id", "user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "product_reviews" ADD CONSTRAINT "FK_b930ee6de6395ac91525e4c76be" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_reviews" ADD CONSTRAINT "FK_ef3b6f1292a80729743f215b719" FOREIGN KEY ("store_id", "product_id") REFERENCES "products"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_reviews" ADD CONSTRAINT "FK_8306941b81cb5be7d521bdc0834" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "product_reviews" DROP CONSTRAINT "FK_8306941b81cb5be7d521bdc0834"`);
    await queryRunner.query(`ALTER TABLE "product_reviews" DROP CONSTRAINT "FK_ef3b6f1292a80729743f215b719"`);
    await queryRunner.query(`ALTER TABLE "product_reviews" DROP CONSTRAINT "FK_b930ee6de6395ac91525e4c76be"`);
    await queryRunner.query(`DROP INDEX "public"."product_reviews_store_product_user_key"`);
    await queryRunner.query(`DROP INDEX "public"."product_reviews_store_product_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."product_reviews_store_status_created_idx"`);
    await queryRunner.query(`DROP TABLE "product_reviews"`);
  }
}
