import type { MigrationInterface, QueryRunner } from "typeorm";

export class OrderRefunds1795637884853 implements MigrationInterface {
  name = "OrderRefunds1795637884853";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "order_refunds" ("store_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "payment_id" uuid, "method" text NOT NULL, "status" text NOT NULL, "amount" bigint NOT NULL, "restock" boolean NOT NULL, "note" text, "reference" text, "actor_user_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "order_refunds_amount_check" CHECK ("amount" > 0), CONSTRAINT "order_refunds_status_check" CHECK ("status" IN ('pending', 'completed')), CONSTRAINT "order_refunds_method_check" CHECK ("method" IN ('gateway', 'manual')), CONSTRAINT "PK_f8c501d1232e93e00aac466a279" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "order_refunds_store_created_idx" ON "order_refunds" ("store_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "order_refunds_store_order_key" ON "order_refunds" ("store_id", "order_id") `);
    await queryRunner.query(
      `ALTER TABLE "order_refunds" ADD CONSTRAINT "FK_6e744f6ecf42dda94016e8c0acc" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_refunds" ADD CONSTRAINT "FK_91a69cafbe7711aaebd0e0ac4b6" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_refunds" ADD CONSTRAINT "FK_4797389671907f003d3f9f21296" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_refunds" ADD CONSTRAINT "FK_edf3f59dd12a49da68535878454" FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "order_refunds" DROP CONSTRAINT "FK_edf3f59dd12a49da68535878454"`);
    await queryRunner.query(`ALTER TABLE "order_refunds" DROP CONSTRAINT "FK_4797389671907f003d3f9f21296"`);
    await queryRunner.query(`ALTER TABLE "order_refunds" DROP CONSTRAINT "FK_91a69cafbe7711aaebd0e0ac4b6"`);
    await queryRunner.query(`ALTER TABLE "order_refunds" DROP CONSTRAINT "FK_6e744f6ecf42dda94016e8c0acc"`);
    await queryRunner.query(`DROP INDEX "public"."order_refunds_store_order_key"`);
    await queryRunner.query(`DROP INDEX "public"."order_refunds_store_created_idx"`);
    await queryRunner.query(`DROP TABLE "order_refunds"`);
  }
}
