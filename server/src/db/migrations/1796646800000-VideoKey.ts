import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Videos are served from a copy without metadata (issue 24 #12): `video_key`
 * names it once the media job has made it. Videos uploaded before were
 * public as uploaded: they keep being served from there until re-uploaded.
 */
export class VideoKey1796646800000 implements MigrationInterface {
  name = "VideoKey1796646800000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "media" ADD "video_key" text`);
    await queryRunner.query(`UPDATE "media" SET "video_key" = "original_key" WHERE "kind" = 'video' AND "status" = 'ready'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "media" DROP COLUMN "video_key"`);
  }
}
