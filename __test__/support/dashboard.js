'use strict';
// Dashboard 2 (@flowfuse/node-red-dashboard, from the npm registry) for the tests: installed once into a cache
// folder under the OS temp dir and linked into each Node-RED user directory, plus a flow with one page and one
// widget, and socket.io's handshake spoken by hand (engine.io polling) to see whether a connection is let in.

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const PACKAGE = '@flowfuse/node-red-dashboard';
const VERSION = '1.31.0';
const CACHE = path.join(os.tmpdir(), `nrauth-dashboard-2-${VERSION}`);
const WIDGET_TEXT = 'Secret widget';

/** The cache's node_modules, installing Dashboard 2 first if this machine has not yet (about a minute). */
function ensureDashboard() {
  const marker = path.join(CACHE, '.installed');
  if (!fs.existsSync(marker)) {
    fs.mkdirSync(CACHE, { recursive: true });
    fs.writeFileSync(path.join(CACHE, 'package.json'), JSON.stringify({ name: 'nrauth-dashboard-cache', version: '1.0.0', private: true }));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['install', '--prefix', CACHE, '--no-audit', '--no-fund', '--ignore-scripts', `${PACKAGE}@${VERSION}`], {
      stdio: 'pipe', timeout: 10 * 60 * 1000,
    });
    fs.writeFileSync(marker, new Date().toISOString());
  }
  return path.join(CACHE, 'node_modules');
}

/** Makes Dashboard 2 part of a Node-RED user directory, as `npm install` there would. */
function installInto(userDir) {
  const modules = ensureDashboard();
  fs.symlinkSync(modules, path.join(userDir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({
    name: 'node-red-project', version: '0.0.1', private: true, dependencies: { [PACKAGE]: VERSION },
  }));
}

const FLOWS = [
  { id: 'dash-tab', type: 'tab', label: 'Dashboard' },
  {
    id: 'ui-base-1', type: 'ui-base', name: 'Dashboard', path: '/dashboard', includeClientData: true,
    acceptsClientConfig: ['ui-notification', 'ui-control'], showPathInSidebar: false, navigationStyle: 'default',
  },
  {
    id: 'ui-theme-1', type: 'ui-theme', name: 'Default',
    colors: { surface: '#ffffff', primary: '#0094CE', bgPage: '#eeeeee', groupBg: '#ffffff', groupOutline: '#cccccc' },
    sizes: { pagePadding: '12px', groupGap: '12px', groupBorderRadius: '4px', widgetGap: '12px' },
  },
  {
    id: 'ui-page-1', type: 'ui-page', name: 'Home', ui: 'ui-base-1', path: '/home', icon: 'home', layout: 'grid',
    theme: 'ui-theme-1', breakpoints: [{ name: 'Default', px: 0, cols: 3 }], order: 1, className: '', visible: 'true', disabled: 'false',
  },
  {
    id: 'ui-group-1', type: 'ui-group', name: 'Group', page: 'ui-page-1', width: '6', height: '1', order: 1,
    showTitle: true, className: '', visible: 'true', disabled: 'false',
  },
  {
    id: 'ui-text-1', type: 'ui-text', z: 'dash-tab', group: 'ui-group-1', order: 1, width: 0, height: 0, name: '',
    label: WIDGET_TEXT, format: '{{msg.payload}}', layout: 'row-spread', style: false, font: '', fontSize: 16,
    color: '#717171', wrapText: false, className: '', value: 'payload', valueType: 'msg', wires: [],
  },
];

/**
 * Opens a socket.io connection to the default namespace over engine.io polling, with `cookie` (and headers).
 * @returns {Promise<{connected: boolean, packet: string}>} packet: socket.io's answer to the connect ("40..." or "44...")
 */
async function socketIoConnect(baseUrl, cookie = '', extraHeaders = {}) {
  const url = `${baseUrl}/dashboard/socket.io/?EIO=4&transport=polling`;
  const headers = { ...(cookie ? { cookie } : {}), ...extraHeaders };
  const open = await (await fetch(`${url}&t=1`, { headers })).text();
  const { sid } = JSON.parse(open.slice(1));
  const posted = await fetch(`${url}&sid=${sid}&t=2`, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain;charset=UTF-8' }, body: '40' });
  if (!posted.ok) return { connected: false, packet: `HTTP ${posted.status}` };
  const packet = await (await fetch(`${url}&sid=${sid}&t=3`, { headers })).text();
  return { connected: packet.startsWith('40'), packet };
}

module.exports = { ensureDashboard, installInto, FLOWS, WIDGET_TEXT, socketIoConnect, PACKAGE, VERSION };
