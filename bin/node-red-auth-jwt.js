#!/usr/bin/env node
'use strict';
// Home-lab tools: `keygen` makes a key pair, `token` signs a JWT with it. See `node-red-auth-jwt --help`.

const { main } = require('../lib/cli/main');

process.exitCode = main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
