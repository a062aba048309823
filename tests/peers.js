// Starts one local AWS protocol peer on 127.0.0.1 at a free port and prints "listening <port>".
// Usage: node peers.js kinesalite|dynalite|s3rver [s3-directory]. The .NET test fixtures run it.
'use strict';
const peer = process.argv[2];

function announce(server) {
  const address = typeof server.address === "function" ? server.address() : server;
  process.stdout.write(`listening ${address.port}\n`);
}

if (peer === 'kinesalite') {
  const server = require('kinesalite')({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
  server.listen(0, '127.0.0.1', () => announce(server));
} else if (peer === 'dynalite') {
  const server = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(0, '127.0.0.1', () => announce(server));
} else if (peer === 's3rver') {
  const S3rver = require('s3rver');
  new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: process.argv[3] })
    .run()
    .then(server => announce(server));
} else {
  process.stderr.write(`unknown peer "${peer}": expected kinesalite, dynalite or s3rver\n`);
  process.exit(2);
}
// The test process closes stdin when it is done: stop then, even if it could not kill us.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
