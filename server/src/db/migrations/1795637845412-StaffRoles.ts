import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Store roles grow from owner|manager to owner|manager|order_staff|catalog_staff,
 * and the column now refuses anything else. Data-safe: no row is rewritten
 * (every existing role is one of the four); the CHECK is added NOT VALID
 * (no long lock while it is added) and then validated, so an installation
 * holding a role outside the list stops here with PostgreSQL naming the
 * constraint instead of silently losing a member's access.
 */
export class StaffRoles1795637845412 implements MigrationInterface {
  name = "StaffRoles1795637845412";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "store_members" ADD CONSTRAINT "store_members_role_check" CHECK ("role" IN ('owner', 'manager', 'order_staff', 'catalog_staff')) NOT VALID`,
    );
    await queryRunner.query(`ALTER TABLE "store_members" VALIDATE CONSTRAINT "store_members_role_check"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Members keep their rows; code from before this migration reads the two new roles as no role (403), never as more.
    await queryRunner.query(`ALTER TABLE "store_members" DROP CONSTRAINT "store_members_role_check"`);
  }
}
