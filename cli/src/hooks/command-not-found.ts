import type { Hook } from "@oclif/core";

/** A mistyped command is one line too, pointing at the list, instead of oclif's boxed error. */
const commandNotFound: Hook<"command_not_found"> = async function (options) {
  const command = options.id.replaceAll(":", " ");
  process.stderr.write(`Error: unknown command "${command}"; run \`${options.config.bin} --help\` to see the commands.\n`);
  this.exit(1);
};

export default commandNotFound;
