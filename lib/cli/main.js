'use strict';
// The CLI's entry: picks the command, parses its options with util.parseArgs, maps errors to exit codes
// (2 = bad usage, 1 = anything else) and never lets a stack trace reach the user for a usage mistake.

const { parseArgs } = require('util');
const usage = require('./usage');
const { UsageError } = require('./usage-error');

const COMMANDS = {
  keygen: require('./keygen-command'),
  token: require('./token-command'),
  'build-from-source': require('./build-from-source-command'),
};
const HELP = { keygen: usage.KEYGEN, token: usage.TOKEN, 'build-from-source': usage.BUILD_FROM_SOURCE };

function parse(command, args) {
  try {
    return parseArgs({ args, options: command.options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    // parseArgs' own messages name the option and say what is wrong; keep them, drop the stack.
    if (err.code && err.code.startsWith('ERR_PARSE_ARGS')) throw new UsageError(err.message, command.name);
    throw err;
  }
}

/**
 * @param {string[]} argv the arguments after the program name
 * @param {{stdout: {write: Function}, stderr: {write: Function}, cwd: string}} io
 * @returns {number} the exit code
 */
function main(argv, io) {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) throw new UsageError('a command is required', null);
    if (name === '-h' || name === '--help' || name === 'help') {
      io.stdout.write(usage.MAIN);
      return 0;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : null;
    if (!command) throw new UsageError(`unknown command "${name}"`, null);
    const values = parse(command, rest);
    if (values.help) {
      io.stdout.write(HELP[name]);
      return 0;
    }
    io.stdout.write(command.run(values, io.cwd));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      const hint = err.command ? `node-red-auth-jwt ${err.command} --help` : 'node-red-auth-jwt --help';
      io.stderr.write(`node-red-auth-jwt: ${err.message}\nSee "${hint}".\n`);
      return 2;
    }
    io.stderr.write(`node-red-auth-jwt: ${err.message}\n`);
    return 1;
  }
}

module.exports = { main };
