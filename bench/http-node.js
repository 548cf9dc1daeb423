'use strict';
// The flows' endpoints under load: a real Node-RED 4.1 serving GET /hello (HTTP-in -> function -> HTTP
// response), driven by autocannon on 127.0.0.1 (10 connections). Four rows: no protection (the ceiling),
// Node-RED's own `httpNodeAuth` Basic auth (bcrypt, the reference), and `httpNode` with ES256 tokens, first the
// same token repeated (served by the verified-token cache) and then a fresh token on every request (each one a
// signature check). `node bench/http-node.js [seconds]`; writes bench/http-node.md. Nothing here is asserted.

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const autocannon = require('autocannon');
const bcrypt = require('bcryptjs');
const jwt = require('jsonwebtoken');
const { NodeRed } = require('../__test__/support/node-red');
const { eventually } = require('../__test__/support/eventually');

const SECONDS = Number(process.argv[2]) || 5;
const AUDIENCE = 'bench-flows';
const FRESH_TOKENS = 50000;
const SECRET = crypto.randomBytes(32).toString('hex');

const FLOWS = [
  { id: 'tab', type: 'tab', label: 'bench' },
  { id: 'in', type: 'http in', z: 'tab', url: '/hello', method: 'get', upload: false, swaggerDoc: '', wires: [['fn']] },
  { id: 'fn', type: 'function', z: 'tab', func: 'msg.payload = msg.req.user ? msg.req.user.username : "anonymous";\nreturn msg;', outputs: 1, wires: [['out']] },
  { id: 'out', type: 'http response', z: 'tab', statusCode: '', headers: {}, wires: [] },
];

async function startWith(extra, prelude = '') {
  const nr = new NodeRed({
    version: 4,
    prelude,
    optionsSource: `{ secret: ${JSON.stringify(SECRET)}, users: [{ username: 'admin', permissions: '*' }] }`,
    extra,
  });
  fs.writeFileSync(path.join(nr.userDir, 'flows.json'), JSON.stringify(FLOWS));
  await nr.start();
  return nr;
}

async function drive(nr, headersFor) {
  const options = { url: `${nr.url}/hello`, connections: 10, duration: SECONDS };
  if (typeof headersFor === 'function') {
    options.requests = [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...headersFor() } }) }];
  } else {
    options.headers = headersFor;
  }
  await autocannon({ ...options, duration: 1 }); // warm-up
  const result = await autocannon(options);
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`errors=${result.errors} timeouts=${result.timeouts} non2xx=${result.non2xx}`);
  }
  return { rps: result.requests.total / (result.duration || SECONDS), p99: result.latency.p99, rss: null };
}

async function measure(label, extra, prelude, headersFor) {
  const nr = await startWith(extra, prelude);
  try {
    await eventually(async () => (await fetch(`${nr.url}/hello`, { headers: typeof headersFor === 'function' ? headersFor() : headersFor })).status === 200, 'the flow answers', 30000);
    const row = await drive(nr, headersFor);
    const status = fs.readFileSync(`/proc/${nr.child.pid}/status`, 'utf8');
    row.rss = Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
    console.log(`${label}: ${Math.round(row.rps)} req/s, p99 ${row.p99} ms, peak RSS ${row.rss.toFixed(0)} MB`);
    return { label, ...row };
  } finally {
    await nr.dispose();
  }
}

async function main() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' });
  const sign = (sub) => jwt.sign({ sub }, privateKey, { algorithm: 'ES256', audience: AUDIENCE, expiresIn: 3600 });
  const httpNode = `httpNodeMiddleware: nodeRedAuthJwt.httpNode({ publicKey: ${JSON.stringify(publicPem)}, audience: ${JSON.stringify(AUDIENCE)} }),`;
  const repeated = { authorization: `Bearer ${sign('alice')}` };
  const pool = Array.from({ length: FRESH_TOKENS }, (_, i) => `Bearer ${sign(`user-${i}`)}`);
  let next = 0;
  const fresh = () => ({ authorization: pool[next++ % pool.length] });
  const basicPass = bcrypt.hashSync('bench-password', 8);

  const loadBefore = os.loadavg().map((n) => n.toFixed(2)).join(', ');
  const rows = [];
  rows.push(await measure('no protection (ceiling)', '', '', {}));
  rows.push(await measure('httpNodeAuth Basic (bcrypt cost 8, Node-RED\'s own)', `httpNodeAuth: { user: 'bench', pass: ${JSON.stringify(basicPass)} },`, '',
    { authorization: `Basic ${Buffer.from('bench:bench-password').toString('base64')}` }));
  rows.push(await measure('httpNode, ES256, the same token repeated (cache)', httpNode, '', repeated));
  rows.push(await measure(`httpNode, ES256, a fresh token per request (${FRESH_TOKENS} distinct)`, httpNode, '', fresh));

  const ceiling = rows[0].rps;
  const lines = [
    '### The flows\' endpoints: HTTP-in behind httpNode (`node bench/http-node.js`)',
    '',
    `Measured ${new Date().toISOString()} on Node ${process.version}, ${os.cpus()[0].model.trim()}, ${os.cpus().length} cores ` +
      `(shared virtual machine; load average ${loadBefore} at start, ${os.loadavg().map((n) => n.toFixed(2)).join(', ')} at the end: ` +
      'the absolute figures move with the other work on the machine, the ratios less). A real Node-RED 4.1 serving GET /hello (HTTP-in → function → HTTP response), ' +
      `autocannon with 10 connections for ${SECONDS} s after a 1 s warm-up, from the same machine.`,
    '',
    '| setup | requests/s | vs. no protection | p99 latency | Node-RED peak RSS |',
    '|---|--:|--:|--:|--:|',
    ...rows.map((r) => `| ${r.label} | ${Math.round(r.rps)} | ${(r.rps / ceiling * 100).toFixed(0)} % | ${r.p99} ms | ${r.rss.toFixed(0)} MB |`),
    '',
  ];
  fs.writeFileSync(path.join(__dirname, 'http-node.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
