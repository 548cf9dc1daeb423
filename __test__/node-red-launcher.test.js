'use strict';
// The one Node-RED launcher (scripts/demo/node_red_process.js) never leaves a caller waiting forever: a child that
// cannot be spawned emits 'error' and never 'exit', and before this was handled stop() hung a whole test file.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const processes = require('../scripts/demo/node_red_process');

function scratch(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nrjwt-launcher-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

for (const [what, override] of [
  ['a Node binary that does not exist', (dir) => ({ node: path.join(dir, 'no-such-node') })],
  ['a working folder that does not exist', (dir) => ({ cwd: path.join(dir, 'gone') })],
]) {
  test(`${what}: waitUntilReady rejects with the spawn error and stop() returns`, async (t) => {
    const dir = scratch(t);
    const logPath = path.join(dir, 'node-red.log');
    const child = processes.start({
      projectDir: path.join(__dirname, '..'), settingsPath: path.join(dir, 'settings.js'), userDir: dir, port: 0, logPath, ...override(dir),
    });
    await assert.rejects(processes.waitUntilReady(child, { port: 0, logPath, timeoutMs: 20000 }), /exited before it was ready \(spawn .*ENOENT\)/);
    const how = await processes.stop(child);
    assert.match(how.error, /ENOENT/);
  });
}
