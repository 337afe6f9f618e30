// The PeerJS server (npm `peer`) as its users run it, on loopback, with the client limit raised
// from 5,000 so that the idle-connection steps can reach the file-descriptor limit.
// Usage: node peerjs-server.js PORT
const { PeerServer } = require("peer");

const port = Number(process.argv[2] || 9000);
PeerServer({ port, host: "127.0.0.1", path: "/", key: "peerjs", concurrent_limit: 100000 }, () => {
  console.log(`peerjs ready on ${port}`);
});
