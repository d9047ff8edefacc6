import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795627381566 implements MigrationInterface {
  name = "Initial1795627381566";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "phone" text NOT NULL, "name" text, "is_staff" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a000cca60bcf04454e727699490" UNIQUE ("phone"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tenants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "slug" text NOT NULL, "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_2310ecc5cb8be427097154b18fc" UNIQUE ("slug"), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "stores" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "owner_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "logo" text, "theme" text NOT NULL DEFAULT 'bazaar', "layout" text NOT NULL DEFAULT 'grid', "slug" text NOT NULL, "custom_domain" text, "custom_domain_verified" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_790b2968701a6ff5ff383237765" UNIQUE ("slug"), CONSTRAINT "UQ_2b668512a56b1755406cdcb3c47" UNIQUE ("custom_domain"), CONSTRAINT "PK_7aa6e7d71fa7acdd7ca43d7c9cb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b65b13e803690c2055e7620caf" ON "stores" ("tenant_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_c03f4f73d83362cabb34dfa941" ON "stores" ("owner_id") `);
    await queryRunner.query(
      `CREATE TABLE "products" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "name" text NOT NULL, "name_fa" text NOT NULL, "slug" text NOT NULL, "description" text NOT NULL DEFAULT '', "base_price" bigint NOT NULL, "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_01bd96eeac93dcdf7cdd90345f" ON "products" ("store_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8d76dbd6ed3afa9111ec0dcce9" ON "products" ("store_id", "slug") `);
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "store_id" uuid, "type" text NOT NULL, "entity_id" text NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "outbox_unrelayed_idx" ON "outbox" ("id") WHERE relayed_at IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "store_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6bb7b2a72126664a5cac36d3c07" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e9a006e2fe10bd3fb7b0fad33d" ON "store_members" ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e119dedd3232bbe7db331e0673" ON "store_members" ("store_id", "user_id") `);
    await queryRunner.query(
      `ALTER TABLE "stores" ADD CONSTRAINT "FK_b65b13e803690c2055e7620cafa" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stores" ADD CONSTRAINT "FK_c03f4f73d83362cabb34dfa9418" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "products" ADD CONSTRAINT "FK_68863607048a1abd43772b314ef" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "store_members" ADD CONSTRAINT "FK_ca3fefdd99c1f2714119479c28c" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "store_members" ADD CONSTRAINT "FK_e9a006e2fe10bd3fb7b0fad33d1" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "store_members" DROP CONSTRAINT "FK_e9a006e2fe10bd3fb7b0fad33d1"`);
    await queryRunner.query(`ALTER TABLE "store_members" DROP CONSTRAINT "FK_ca3fefdd99c1f2714119479c28c"`);
    await queryRunner.query(`ALTER TABLE "products" DROP CONSTRAINT "FK_68863607048a1abd43772b314ef"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP CONSTRAINT "FK_c03f4f73d83362cabb34dfa9418"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP CONSTRAINT "FK_b65b13e803690c2055e7620cafa"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e119dedd3232bbe7db331e0673"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e9a006e2fe10bd3fb7b0fad33d"`);
    await queryRunner.query(`DROP TABLE "store_members"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_unrelayed_idx"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8d76dbd6ed3afa9111ec0dcce9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_01bd96eeac93dcdf7cdd90345f"`);
    await queryRunner.query(`DROP TABLE "products"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c03f4f73d83362cabb34dfa941"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b65b13e803690c2055e7620caf"`);
    await queryRunner.query(`DROP TABLE "stores"`);
    await queryRunner.query(`DROP TABLE "tenants"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
