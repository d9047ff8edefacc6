import type { MigrationInterface, QueryRunner } from "typeorm";

export class AuditLog1795637398556 implements MigrationInterface {
  name = "AuditLog1795637398556";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_entries" ("store_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_user_id" uuid, "actor_label" text NOT NULL, "surface" text NOT NULL, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" uuid NOT NULL, "before" jsonb, "after" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_entries_store_entity_idx" ON "audit_entries" ("store_id", "entity_type", "entity_id", "created_at") `,
    );
    await queryRunner.query(`CREATE INDEX "audit_entries_store_created_idx" ON "audit_entries" ("store_id", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "audit_entries" ADD CONSTRAINT "FK_5bb2dd2c17e3b407da2dc60c5ea" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entries" DROP CONSTRAINT "FK_5bb2dd2c17e3b407da2dc60c5ea"`);
    await queryRunner.query(`DROP INDEX "public"."audit_entries_store_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_entries_store_entity_idx"`);
    await queryRunner.query(`DROP TABLE "audit_entries"`);
  }
}
