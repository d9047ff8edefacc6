import type { MigrationInterface, QueryRunner } from "typeorm";

export class SlugRedirects1796623918530 implements MigrationInterface {
  name = "SlugRedirects1796623918530";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "slug_redirects" ("store_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "old_slug" text NOT NULL, "target_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_45d265164fbcddc615a7313495b" PRIMARY KEY ("id", "store_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "slug_redirects_store_kind_old_slug_key" ON "slug_redirects" ("store_id", "kind", "old_slug") `,
    );
    await queryRunner.query(
      `ALTER TABLE "slug_redirects" ADD CONSTRAINT "FK_63e81d8f451664dbe21b2b2c4f0" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "slug_redirects" DROP CONSTRAINT "FK_63e81d8f451664dbe21b2b2c4f0"`);
    await queryRunner.query(`DROP INDEX "public"."slug_redirects_store_kind_old_slug_key"`);
    await queryRunner.query(`DROP TABLE "slug_redirects"`);
  }
}
