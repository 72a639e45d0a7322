// The one place that calls `invoke`. Every backend command has one typed function
// here, and every failure becomes an `ApiError` the screens can branch on.
import { invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { AppInfo } from "./bindings/AppInfo";
import type { ErrorCode } from "./bindings/ErrorCode";

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.field = field;
  }

  /** Turns whatever `invoke` rejected with into an ApiError. */
  static from(raw: unknown): ApiError {
    if (isAppError(raw)) return new ApiError(raw.code, raw.message, raw.field);
    return new ApiError(
      "internal",
      "Healing Arc couldn't reach its own background process. Please try again.",
    );
  }
}

const CODES: readonly ErrorCode[] = [
  "locked",
  "wrong_passphrase",
  "validation",
  "not_found",
  "not_allowed",
  "damaged_store",
  "internal",
];

function isAppError(raw: unknown): raw is AppError {
  if (typeof raw !== "object" || raw === null) return false;
  const r = raw as Record<string, unknown>;
  return (
    typeof r.code === "string" &&
    (CODES as readonly string[]).includes(r.code) &&
    typeof r.message === "string" &&
    (r.field === undefined || typeof r.field === "string")
  );
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw ApiError.from(raw);
  }
}

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
};
