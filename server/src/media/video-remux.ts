import { execFile } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";

/** A video ffmpeg could not read: the upload is at fault, not the machine (a retry would fail the same way). */
export class UnreadableVideoError extends Error {}

/** The program; Debian's `ffmpeg` package (the image installs it, as `.ci/run` does for the tests). */
const FFMPEG = "ffmpeg";
const TIMEOUT_MS = 10 * 60_000;

/**
 * Copies a video's streams into a new file of the same container without any
 * metadata (issue 24 #12): no re-encoding (`-c copy`), so it takes about as
 * long as reading the file, and the picture and sound are bit for bit the
 * upload's. Dropped: the file's global tags (a phone's GPS `location`, make,
 * model, creation time), each stream's tags, chapters, attached pictures
 * (cover art: the poster is made from it separately), data and subtitle
 * streams (camera telemetry such as GPS tracks), and ffmpeg's own encoder tag.
 */
export async function remuxWithoutMetadata(
  source: Readable,
  container: "mp4" | "webm",
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "mall-video-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const input = join(dir, `in.${container}`);
    const output = join(dir, `out.${container}`);
    await pipeline(source, createWriteStream(input));
    const args = [
      ...["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", input],
      // Video that is not an attached picture (capital V), and any audio; nothing else.
      ...["-map", "0:V", "-map", "0:a?"],
      ...["-map_metadata", "-1", "-map_metadata:s", "-1", "-map_chapters", "-1"],
      ...["-c", "copy", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"],
      ...(container === "mp4" ? ["-movflags", "+faststart", "-f", "mp4"] : ["-f", "webm"]),
      output,
    ];
    await new Promise<void>((resolve, reject) => {
      execFile(FFMPEG, args, { timeout: TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (error, _stdout, stderr) => {
        if (!error) return resolve();
        // A missing ffmpeg is the machine's fault: thrown as it is, so the job is retried once it is installed.
        if ((error as NodeJS.ErrnoException).code === "ENOENT")
          return reject(new Error("ffmpeg is not installed (apt-get install ffmpeg): videos cannot be cleaned of their metadata"));
        reject(new UnreadableVideoError(String(stderr).trim().split("\n").slice(-3).join(" ") || error.message));
      });
    });
    return { path: output, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export const openRemuxed = (path: string) => createReadStream(path);
