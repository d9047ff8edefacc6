import { input } from "@inquirer/prompts";
import { Command, Errors, type Interfaces } from "@oclif/core";
import { pino } from "pino";
import { ConfigError, parseConfig, type Config } from "@mall/server/config/config.js";
import { DomainError } from "@mall/server/core/errors.js";
import { validationErrorFrom } from "@mall/server/core/validation.js";
import { systemContext, type ServiceContext } from "@mall/server/core/context.js";
import { createPlatform, type ProcessPlatform } from "@mall/server/main/platform.js";
import { z } from "@mall/server/platform/zod.js";

type FlagDefs = Interfaces.FlagInput;
type ArgDefs = Interfaces.ArgInput;
type Output = Record<string, unknown>;

/**
 * What every `mall` command shares: `--json`, the platform (PostgreSQL, Redis)
 * opened on first use and closed when the command ends, prompts for missing
 * required input on a terminal, and the one error path. Whatever goes wrong,
 * staff see one line on stderr and the exit code is 1, because a stack trace
 * or a help dump would hide the one fact they need (the field and the
 * service's Persian message).
 */
export abstract class MallCommand extends Command {
  static override enableJsonFlag = true;

  private platform?: ProcessPlatform;

  /** Reads through the services outside a transaction. */
  protected async read<T>(work: (ctx: ServiceContext, platform: ProcessPlatform) => Promise<T>): Promise<T> {
    const platform = await this.openPlatform();
    return work(systemContext(platform.dataSource.manager, "cli"), platform);
  }

  /** Runs a change through the services in one transaction: all of it happens, or none of it. */
  protected async write<T>(work: (ctx: ServiceContext, platform: ProcessPlatform) => Promise<T>): Promise<T> {
    const platform = await this.openPlatform();
    return platform.dataSource.transaction((manager) => work(systemContext(manager, "cli"), platform));
  }

  /**
   * `this.parse`, except that on a terminal a missing required flag or
   * argument is asked for instead of failing. Without a terminal (scripts,
   * CI, tests) it fails as oclif does, so nothing ever waits for input.
   */
  protected async parseOrPrompt<F extends Output, B extends Output, A extends Output>(
    options: Interfaces.Input<F, B, A>,
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    if (!process.stdin.isTTY) return this.parse(options);
    // Spelled out: spreading a command class copies only its own statics, not inherited ones such as enableJsonFlag.
    const relaxed = {
      ...options,
      flags: relax(options.flags),
      args: relax(options.args),
      baseFlags: options.baseFlags,
      enableJsonFlag: options.enableJsonFlag,
      strict: options.strict,
    } as Interfaces.Input<F, B, A>;
    const parsed = await this.parse(relaxed);
    const flags = parsed.flags as Record<string, unknown>;
    for (const [name, flag] of Object.entries((options.flags ?? {}) as FlagDefs)) {
      if (flag.required && flags[name] === undefined) flags[name] = await ask(flag.summary ?? flag.description ?? name);
    }
    const args = parsed.args as Record<string, unknown>;
    for (const [name, arg] of Object.entries((options.args ?? {}) as ArgDefs)) {
      if (arg.required && args[name] === undefined) args[name] = await ask(arg.description ?? name);
    }
    return parsed;
  }

  /** The configured platform domain, for store hosts in output. */
  protected get platformDomain(): string {
    return this.platform?.config.PLATFORM_DOMAIN ?? "";
  }

  override async catch(error: Error & { exitCode?: number }): Promise<never> {
    if (error instanceof Errors.ExitError) throw error;
    const failure = toFailure(error);
    if (this.jsonEnabled()) this.logJson({ error: { code: failure.code, message: failure.message, field: failure.field ?? null } });
    process.stderr.write(`${failure.line}\n`);
    process.exitCode = failure.exit;
    // An ExitError ends the command without oclif printing anything more.
    return this.exit(failure.exit);
  }

  override async finally(error: Error | undefined): Promise<void> {
    await this.platform?.close();
    this.platform = undefined;
    return super.finally(error);
  }

  /** The configuration alone, for commands that need no database. */
  protected configuration(): Config {
    return parseConfig(process.env);
  }

  private async openPlatform(): Promise<ProcessPlatform> {
    if (this.platform) return this.platform;
    const config = parseConfig(process.env);
    try {
      this.platform = await createPlatform(config, "cli", { logger: cliLogger(config) });
    } catch (error) {
      throw new DatabaseUnreachableError(error);
    }
    return this.platform;
  }
}

/** Staff read errors as one line; logs, if asked for with LOG_LEVEL, go to stderr so `--json` output stays clean. */
function cliLogger(config: Config) {
  const level = process.env.LOG_LEVEL ? config.LOG_LEVEL : "silent";
  return pino({ level, base: { role: "cli" } }, pino.destination({ fd: 2, sync: true }));
}

class DatabaseUnreachableError extends Error {
  constructor(cause: unknown) {
    super(`cannot connect to the database: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

interface Failure {
  line: string;
  code: string;
  message: string;
  field?: string;
  exit: number;
}

/** Any error as the one line staff read, plus the parts `--json` reports. */
function toFailure(error: unknown): Failure {
  if (error instanceof z.ZodError) error = validationErrorFrom(error, "input");
  if (error instanceof DomainError) {
    const field = error.field ? flagName(error.field) : undefined;
    return { line: `Error: ${field ? `${field}: ` : ""}${error.message}`, code: error.code, message: error.message, field, exit: 1 };
  }
  if (error instanceof ConfigError) {
    return { line: error.message, code: "config_error", message: error.message, field: error.variable, exit: 1 };
  }
  if (error instanceof DatabaseUnreachableError) {
    return { line: `Error: ${error.message}`, code: "database_unreachable", message: error.message, exit: 1 };
  }
  if (error instanceof Error && error.name === "ExitPromptError") {
    return { line: "Cancelled.", code: "cancelled", message: "Cancelled.", exit: 130 };
  }
  if (error instanceof Errors.CLIError) {
    // oclif's parse errors (missing flag, bad option) are several lines with a hint to read --help.
    const message = oneLine(error.message);
    return { line: `Error: ${message} (see --help)`, code: "invalid_usage", message, exit: 1 };
  }
  const message = oneLine(error instanceof Error ? error.message : String(error));
  return { line: `Unexpected error: ${message}`, code: "unexpected", message, exit: 1 };
}

/** A service field (`ownerPhone`) as staff typed it (`owner-phone`). */
function flagName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function oneLine(message: string): string {
  const lines = message
    .replace(ANSI, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && line !== "See more help with --help" && !/^The following errors? occurred:$/.test(line))
    .map((line) =>
      line
        // "Missing required flag slug" names it as staff type it.
        .replace(/^Missing required flag (\S+)$/, "Missing required flag --$1")
        // The list under "Missing 1 required arg:" is "name  description".
        .replace(/^(\S+) {2,}(.+)$/, "$1 ($2)"),
    );
  return lines.reduce((joined, line) => (joined === "" ? line : joined.endsWith(":") ? `${joined} ${line}` : `${joined}; ${line}`), "");
}

function relax<T extends Record<string, { required?: boolean }> | undefined>(definitions: T): T {
  if (!definitions) return definitions;
  return Object.fromEntries(Object.entries(definitions).map(([name, definition]) => [name, { ...definition, required: false }])) as T;
}

/** Prompts on stderr, so that stdout carries only the command's output. */
async function ask(message: string): Promise<string> {
  return input({ message, required: true }, { output: process.stderr });
}
