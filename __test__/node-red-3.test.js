'use strict';
// The factory in a real Node-RED 3.1 (Node 20): the representative subset (support/node-red-subset.js).
// 3.1 hands out `?access_token=` and answers every refused sign-in with `?session_message=Login Failed`.

const { defineSubset } = require('./support/node-red-subset');

defineSubset({
  version: 3,
  successPattern: /^\/\?access_token=[A-Za-z0-9+/=]{100,}$/,
  failLocation: '/?session_message=Login%20Failed',
});
