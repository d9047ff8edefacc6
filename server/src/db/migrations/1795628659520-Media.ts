import type { MigrationInterface, QueryRunner } from "typeorm";

export class Media1795628659520 implements MigrationInterface {
  name = "Media1795628659520";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "media" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "product_id" uuid, "kind" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "original_key" text NOT NULL, "content_hash" text NOT NULL, "mime" text NOT NULL, "bytes" integer NOT NULL, "width" integer, "height" integer, "variants" jsonb NOT NULL DEFAULT '[]', "poster_key" text, "position" integer NOT NULL DEFAULT '0', "failure" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f4e0fcac36e050de337b670d8bd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "media_store_kind_idx" ON "media" ("store_id", "kind") `);
    await queryRunner.query(`CREATE INDEX "media_store_product_idx" ON "media" ("store_id", "product_id", "position") `);
    await queryRunner.query(
      `CREATE TABLE "media_infections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "user_id" uuid, "filename" text NOT NULL, "content_hash" text NOT NULL, "bytes" integer NOT NULL, "signature" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1f155abae9876b57890676e479e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "media_infections_store_created_idx" ON "media_infections" ("store_id", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "media" ADD CONSTRAINT "FK_be727ea00e29123ba5eecb9fae1" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "media" ADD CONSTRAINT "FK_1fe69e256dfd757e9e7651c6bf5" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "media_infections" ADD CONSTRAINT "FK_f1a54b029ccf2190551d5039bb2" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "media_infections" DROP CONSTRAINT "FK_f1a54b029ccf2190551d5039bb2"`);
    await queryRunner.query(`ALTER TABLE "media" DROP CONSTRAINT "FK_1fe69e256dfd757e9e7651c6bf5"`);
    await queryRunner.query(`ALTER TABLE "media" DROP CONSTRAINT "FK_be727ea00e29123ba5eecb9fae1"`);
    await queryRunner.query(`DROP INDEX "public"."media_infections_store_created_idx"`);
    await queryRunner.query(`DROP TABLE "media_infections"`);
    await queryRunner.query(`DROP INDEX "public"."media_store_product_idx"`);
    await queryRunner.query(`DROP INDEX "public"."media_store_kind_idx"`);
    await queryRunner.query(`DROP TABLE "media"`);
  }
}
