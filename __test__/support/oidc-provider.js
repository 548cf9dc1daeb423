'use strict';
// The tests' OpenID provider is the demo's (scripts/demo/oidc-provider.js), one setup for both: on 127.0.0.2 by
// default, so that to a browser it is a different site from Node-RED on 127.0.0.1. See the harness notes.

module.exports = require('../../scripts/demo/oidc-provider');
