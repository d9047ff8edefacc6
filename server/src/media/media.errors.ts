import { DomainError, NotFoundError, ServiceUnavailableError } from "../core/errors.js";
import { formatNumber } from "@mall/locale";

/** Every refusal of an upload names the multipart field `file`. */
export const FILE_FIELD = "file";

function megabytes(bytes: number): string {
  return formatNumber(bytes / 1024 / 1024, { maximumFractionDigits: 0 });
}

export class MediaNotFoundError extends NotFoundError {
  constructor() {
    super("این فایل در این فروشگاه پیدا نشد.", "media_not_found");
  }
}

export class FileRequiredError extends DomainError {
  constructor() {
    super("invalid", "file_required", "فایلی فرستاده نشد؛ لطفاً فایل را در فیلد file و به‌صورت multipart/form-data بفرستید.", FILE_FIELD);
  }
}

export class UnsupportedFileTypeError extends DomainError {
  constructor(acceptsVideo: boolean) {
    super(
      "unsupported",
      "file_type_unsupported",
      acceptsVideo
        ? "نوع این فایل پشتیبانی نمی‌شود؛ لطفاً تصویر JPEG، PNG، WebP یا AVIF یا ویدیوی MP4 یا WebM بفرستید."
        : "نوع این فایل پشتیبانی نمی‌شود؛ لطفاً تصویر JPEG، PNG، WebP یا AVIF بفرستید.",
      FILE_FIELD,
    );
  }
}

export class FileNameMismatchError extends DomainError {
  constructor(actual: string) {
    super(
      "invalid",
      "file_type_mismatch",
      `پسوند نام فایل با محتوای آن نمی‌خواند (محتوا ${actual} است)؛ لطفاً فایل درست را بفرستید.`,
      FILE_FIELD,
    );
  }
}

export class FileTooLargeError extends DomainError {
  constructor(kind: "image" | "video", limit: number) {
    super(
      "too_large",
      "file_too_large",
      `حجم فایل بیش از حد مجاز است؛ بیشینهٔ حجم ${kind === "image" ? "تصویر" : "ویدیو"} ${megabytes(limit)} مگابایت است.`,
      FILE_FIELD,
    );
  }
}

export class FileCorruptError extends DomainError {
  constructor() {
    super("invalid", "file_corrupt", "فایل ناقص یا خراب است؛ لطفاً آن را دوباره بفرستید.", FILE_FIELD);
  }
}

export class FileSuspiciousError extends DomainError {
  constructor() {
    super("invalid", "file_suspicious", "این فایل جز تصویر یا ویدیو محتوای دیگری هم در خود دارد و پذیرفته نمی‌شود.", FILE_FIELD);
  }
}

export class ImageTooManyPixelsError extends DomainError {
  constructor(limit: number) {
    super(
      "refused",
      "image_too_many_pixels",
      `ابعاد تصویر بیش از حد بزرگ است؛ لطفاً تصویری تا ${formatNumber(limit / 1_000_000, { maximumFractionDigits: 0 })} مگاپیکسل بفرستید.`,
      FILE_FIELD,
    );
  }
}

export class FileInfectedError extends DomainError {
  constructor() {
    super("refused", "file_infected", "این فایل آلوده به بدافزار تشخیص داده شد و پذیرفته نشد.", FILE_FIELD);
  }
}

export class VirusScanUnavailableError extends ServiceUnavailableError {
  constructor() {
    super("بررسی امنیتی فایل‌ها موقتاً در دسترس نیست؛ لطفاً چند دقیقهٔ دیگر دوباره بفرستید.", "virus_scan_unavailable");
  }
}
