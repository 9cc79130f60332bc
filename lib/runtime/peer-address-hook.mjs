// Preloaded into the Next.js server by `npm start` (NODE_OPTIONS=--import, lib/runtime/start.ts).
// Next.js gives route handlers no socket, and fills X-Forwarded-For from the socket only when the
// client sent none, so a client could pose as any address. This runs before Next.js sees a request
// and puts the peer's address where no client can set it (read by lib/security/client-address.ts).
import { subscribe } from "node:diagnostics_channel";

const PEER_ADDRESS_HEADER = "x-tkc-peer-address";

subscribe("http.server.request.start", ({ request, socket }) => {
  if (socket.remoteAddress) request.headers[PEER_ADDRESS_HEADER] = socket.remoteAddress;
  else delete request.headers[PEER_ADDRESS_HEADER];
});
