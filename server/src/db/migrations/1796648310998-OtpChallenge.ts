import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Sign-in codes count tries by who makes them (issue 24 #9): `attempts` are
 * the tries made with the code's challenge (only the client that asked for
 * the code has it), `open_attempts` those made without one (older clients).
 * Someone who never asked for the code cannot spend the asker's tries.
 */
export class OtpChallenge1796648310998 implements MigrationInterface {
  name = "OtpChallenge1796648310998";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "otp_codes" ADD "open_attempts" integer NOT NULL DEFAULT 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "otp_codes" DROP COLUMN "open_attempts"`);
  }
}
