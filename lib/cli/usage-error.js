'use strict';
// An error in how the command was called: shown as one line plus a hint, exit code 2 (the shell convention).

class UsageError extends Error {
  constructor(message, command) {
    super(message);
    this.name = 'UsageError';
    this.command = command; // which --help to point at
  }
}

module.exports = { UsageError };
