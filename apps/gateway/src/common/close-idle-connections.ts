import { Server } from 'node:http';

/**
 * `server.close()` closes the keep-alive connections idle at that moment, but one freed later by
 * a request that was still in flight stays open until the client or keepAliveTimeout ends it,
 * holding a stopping gateway seconds after its last answer. Such a connection is closed as soon
 * as its response is done (`listening` turns false the moment `close()` is called).
 */
export function closeIdleConnectionsWhileClosing(server: Server): void {
  server.on('request', (_request, response) => {
    response.once('finish', () => {
      if (!server.listening) setImmediate(() => server.closeIdleConnections());
    });
  });
}
