import type { MigrationInterface, QueryRunner } from "typeorm";

export class SavedCarts1796671656695 implements MigrationInterface {
  name = "SavedCarts1796671656695";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "saved_cart_items" ("store_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "instance_id" uuid NOT NULL, "quantity" integer NOT NULL, "position" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "saved_cart_items_quantity_check" CHECK ("quantity" BETWEEN 1 AND 99), CONSTRAINT "PK_38ea696c1985cdda69242e44ed5" PRIMARY KEY ("store_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "saved_cart_items_store_user_instance_key" ON "saved_cart_items"  ("store_id", "user_id", "instance_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_cart_items" ADD CONSTRAINT "FK_8ca04cec6e97e18f80af7f4ccb1" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_cart_items" ADD CONSTRAINT "FK_7a432e5416370895d3144fd19e2" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_cart_items" ADD CONSTRAINT "FK_990e476aa1755f8197e53619a4a" FOREIGN KEY ("store_id", "instance_id") REFERENCES "product_instances"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "saved_cart_items" DROP CONSTRAINT "FK_990e476aa1755f8197e53619a4a"`);
    await queryRunner.query(`ALTER TABLE "saved_cart_items" DROP CONSTRAINT "FK_7a432e5416370895d3144fd19e2"`);
    await queryRunner.query(`ALTER TABLE "saved_cart_items" DROP CONSTRAINT "FK_8ca04cec6e97e18f80af7f4ccb1"`);
    await queryRunner.query(`DROP INDEX "public"."saved_cart_items_store_user_instance_key"`);
    await queryRunner.query(`DROP TABLE "saved_cart_items"`);
  }
}
