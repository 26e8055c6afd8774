import {
  Agent as NodeAgent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';
import { Agent, type Dispatcher } from 'undici';

/**
 * Request headers that describe one connection, not the request (RFC 9110 §7.6.1), and those
 * undici sets itself: never copied to the container. `expect` goes too: Node's server has
 * already answered `100 Continue`, and the body follows.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

export interface ForwardRequest {
  origin: string;
  /** The path and query the container sees. */
  path: string;
  /** Flat list of names and values, as undici takes them. */
  headers: string[];
  /** Called with the container's response headers before they are sent; may change them. */
  onResponseHeaders?(headers: IncomingHttpHeaders): void;
  /** The container could not be reached or broke off; `res` may already have its headers. */
  onError(err: Error): void;
}

/**
 * Forwards plain HTTP requests over undici's keep-alive pools (one pool per container origin,
 * dropped when idle). Cheaper per request than node:http's client under http-proxy: see
 * docs/benchmarks.md.
 */
export class Forwarder {
  private readonly agent = new Agent({
    connections: 512,
    // Server-sent events and long polls may stay quiet for long: like before, no timeouts.
    headersTimeout: 0,
    bodyTimeout: 0,
  });

  forward(req: IncomingMessage, res: ServerResponse, options: ForwardRequest): void {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
    this.agent.dispatch(
      {
        origin: options.origin,
        method: req.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        body: hasBody ? req : null,
      },
      new ResponseRelay(res, options),
    );
  }

  close(): Promise<void> {
    return this.agent.destroy();
  }
}

export interface ForwardUpgrade {
  /** The container, `ws://host:port`; the request's url is already the path it sees. */
  target: string;
  /** Called with the container's handshake answer (101 or a refusal) before it is sent; may change it. */
  onResponseHeaders(headers: IncomingHttpHeaders): void;
  onError(err: Error): void;
}

/**
 * Forwards WebSocket upgrades through http-proxy-3: a handshake each, then bytes piped both
 * ways. The request's headers go as they are: the caller prepares them.
 */
export class UpgradeForwarder {
  private readonly proxy = createProxyServer({ ws: true });
  private readonly agent = new NodeAgent({ keepAlive: false });
  private readonly pending = new WeakMap<IncomingMessage, ForwardUpgrade>();

  constructor() {
    // http-proxy writes the container's answer to the socket from its own `upgrade` and
    // `response` listeners, which it adds right after this event: these run first.
    this.proxy.on('proxyReqWs', (proxyReq, req) => {
      const options = this.pending.get(req);
      if (!options) return;
      const filter = (answer: IncomingMessage) => options.onResponseHeaders(answer.headers);
      proxyReq.once('upgrade', filter);
      proxyReq.once('response', filter);
    });
  }

  forward(req: IncomingMessage, socket: Duplex, head: Buffer, options: ForwardUpgrade): void {
    this.pending.set(req, options);
    this.proxy.ws(req, socket, head, { target: options.target, agent: this.agent }, (err) =>
      options.onError(err),
    );
  }

  close(): void {
    this.proxy.close();
    this.agent.destroy();
  }
}

/** Relays the container's answer to the client, with backpressure both ways. */
class ResponseRelay implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: ForwardRequest,
  ) {
    res.on('drain', () => this.controller?.resume());
    // The client went away before the answer was complete: stop asking the container.
    res.once('close', () => {
      if (!res.writableFinished) this.controller?.abort(new Error('client closed the connection'));
    });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    delete headers.connection;
    delete headers['keep-alive'];
    delete headers['transfer-encoding'];
    this.options.onResponseHeaders?.(headers);
    if (statusMessage) this.res.writeHead(statusCode, statusMessage, headers);
    else this.res.writeHead(statusCode, headers);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.res.write(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    this.res.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    if (this.res.destroyed) return;
    this.options.onError(err);
  }
}

/**
 * The request's headers as the container gets them: without hop-by-hop headers (and those the
 * Connection header names), without the ones `drop` refuses, plus `extra`.
 */
export function forwardedHeaders(
  req: IncomingMessage,
  drop: (lowerName: string) => boolean,
  extra: string[],
): string[] {
  const connection = req.headers.connection;
  const named = connection
    ? new Set(connection.split(',').map((t) => t.trim().toLowerCase()))
    : undefined;
  const raw = req.rawHeaders;
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(name) || named?.has(name) || drop(name)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  for (const value of extra) out.push(value);
  return out;
}
