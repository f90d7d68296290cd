// A tiny local Discord gateway (websocket, JSON, no compression) for driving discord.js's real
// WebSocketManager: HELLO on connect, then on IDENTIFY either a close code (4014 disallowed
// intents, 4004 authentication failed...) or READY. Heartbeats are acknowledged. Point the fake
// REST API's `GET /gateway/bot` at `url` (fake.setGateway).
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeGateway {
  url: string;
  /** What the next IDENTIFYs get: a close code, or 'ready'. */
  onIdentify: number | 'ready';
  /** Every IDENTIFY's `d` (token included: assert on it, never log it). */
  identifies: { token: string; intents: number }[];
  /** Closes every open connection with this code (a drop after READY). */
  dropAll(code: number): void;
  /** Sends a dispatch (op 0) such as INTERACTION_CREATE to every open connection. */
  dispatch(t: string, d: unknown): void;
  close(): Promise<void>;
}

export const FAKE_BOT_USER = { id: '1200000000000000777', username: 'textbank', discriminator: '0', global_name: 'Textbank', bot: true, avatar: null };

export async function startFakeGateway(opts: { applicationId: string }): Promise<FakeGateway> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const address = wss.address();
  const url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const sockets = new Set<WebSocket>();
  let seq = 0;
  const gateway: FakeGateway = {
    url,
    onIdentify: 'ready',
    identifies: [],
    dropAll(code) {
      for (const s of sockets) s.close(code, 'test drop');
    },
    dispatch(t, d) {
      seq += 1;
      for (const s of sockets) s.send(JSON.stringify({ op: 0, t, s: seq, d }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        wss.close(() => resolve());
      }),
  };
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null }));
    socket.on('message', (data) => {
      const packet = JSON.parse(String(data)) as { op: number; d: { token: string; intents: number } };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (packet.op !== 2) return;
      gateway.identifies.push({ token: packet.d.token, intents: packet.d.intents });
      if (gateway.onIdentify !== 'ready') {
        socket.close(gateway.onIdentify, gateway.onIdentify === 4014 ? 'Disallowed intent(s).' : 'Refused.');
        return;
      }
      seq += 1;
      socket.send(
        JSON.stringify({
          op: 0,
          t: 'READY',
          s: seq,
          d: { v: 10, user: FAKE_BOT_USER, guilds: [], session_id: `session-${seq}`, resume_gateway_url: url, shard: [0, 1], application: { id: opts.applicationId, flags: 0 } },
        }),
      );
    });
  });
  return gateway;
}
