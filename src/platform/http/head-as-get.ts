// HEAD is answered by the GET route (RFC 9110 §9.3.2: the same header fields, no content), without
// Fastify's HEAD twin of every GET route: those twins were about a quarter of the routes' work at
// every start (~0.12 s of a cold start, issue 16). Node decides when it makes a response whether it
// may carry content — never for a HEAD request — so the GET route runs, its headers (Content-Length
// included) go out, and Node drops the body. Requests reach Fastify as GET: logs and metrics say GET.
import http from 'node:http';
import type { FastifyServerOptions } from 'fastify';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** Fastify's `serverFactory`: the HTTP/1 server Fastify would make, with HEAD requests routed as GET. */
export function headAsGetServer(handler: Handler, options: FastifyServerOptions): http.Server {
  const server = http.createServer((request, response) => {
    if (request.method === 'HEAD') request.method = 'GET';
    handler(request, response);
  });
  // What Fastify sets on a server it makes itself (fastify/lib/server.js).
  server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000;
  server.requestTimeout = options.requestTimeout ?? 0;
  server.setTimeout(options.connectionTimeout ?? 0);
  if ((options.maxRequestsPerSocket ?? 0) > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket!;
  return server;
}
