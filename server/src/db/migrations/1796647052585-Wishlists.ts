import type { MigrationInterface, QueryRunner } from "typeorm";

export class Wishlists1796647052585 implements MigrationInterface {
  name = "Wishlists1796647052585";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "wishlist_items" ("store_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "product_id" uuid NOT NULL, "saved_price" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_311c299205c8d0a31bba6f4a2c4" PRIMARY KEY ("id", "store_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "wishlist_items_store_user_created_idx" ON "wishlist_items" ("store_id", "user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "wishlist_items_store_user_product_key" ON "wishlist_items" ("store_id", "user_id", "product_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "wishlist_items" ADD CONSTRAINT "FK_26bf883e0a1e8c60635941a6e95" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "wishlist_items" ADD CONSTRAINT "FK_549f44d8b756e2690deb099f83b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "wishlist_items" ADD CONSTRAINT "FK_3fb805b927deb6fa8e6db59a295" FOREIGN KEY ("store_id", "product_id") REFERENCES "products"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "wishlist_items" DROP CONSTRAINT "FK_3fb805b927deb6fa8e6db59a295"`);
    await queryRunner.query(`ALTER TABLE "wishlist_items" DROP CONSTRAINT "FK_549f44d8b756e2690deb099f83b"`);
    await queryRunner.query(`ALTER TABLE "wishlist_items" DROP CONSTRAINT "FK_26bf883e0a1e8c60635941a6e95"`);
    await queryRunner.query(`DROP INDEX "public"."wishlist_items_store_user_product_key"`);
    await queryRunner.query(`DROP INDEX "public"."wishlist_items_store_user_created_idx"`);
    await queryRunner.query(`DROP TABLE "wishlist_items"`);
  }
}
