// A Socket.IO 4 signaling server of the classic design, the one most WebRTC tutorials build:
// rooms in memory, `join` answers with the peers already there, `signal` goes to one target
// (or the whole room), `leave` and disconnect tell the room `peer-left`.
// Usage: node socketio-server.js PORT
const http = require("node:http");
const { Server } = require("socket.io");

const port = Number(process.argv[2] || 9001);
const server = http.createServer();
const io = new Server(server, { serveClient: false, cors: { origin: "*" } });
/** room name -> Set of socket ids, in join order */
const rooms = new Map();

io.on("connection", (socket) => {
  let room = null;

  const leave = () => {
    if (room === null) return;
    const members = rooms.get(room);
    members.delete(socket.id);
    if (members.size === 0) rooms.delete(room);
    socket.to(room).emit("peer-left", { peer: socket.id });
    socket.leave(room);
    room = null;
  };

  socket.on("join", (name, ack) => {
    if (typeof name !== "string" || room !== null) {
      if (typeof ack === "function") ack({ error: "bad-join" });
      return;
    }
    room = name;
    let members = rooms.get(room);
    if (!members) rooms.set(room, (members = new Set()));
    const peers = [...members];
    members.add(socket.id);
    socket.join(room);
    socket.to(room).emit("peer-joined", { peer: socket.id });
    if (typeof ack === "function") ack({ peer: socket.id, peers });
  });

  socket.on("signal", (msg) => {
    if (room === null || msg === null || typeof msg !== "object") return;
    const out = { from: socket.id, data: msg.data };
    if (typeof msg.to === "string") {
      if (rooms.get(room).has(msg.to)) io.to(msg.to).emit("signal", out);
    } else {
      socket.to(room).emit("signal", out);
    }
  });

  socket.on("leave", leave);
  socket.on("disconnect", leave);
});

server.listen(port, "127.0.0.1", () => console.log(`socket.io ready on ${port}`));
