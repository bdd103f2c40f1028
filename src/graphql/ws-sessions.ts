import { rateLimited, unauthenticated } from '../common/errors';
import { Principal } from '../auth/principal';
import { TokenVerifier } from '../auth/token-verifier';

/** Close codes of graphql-transport-ws, and 4429 for a subject over its socket cap. */
export const WS_CLOSE = { unauthorized: 4401, forbidden: 4403, initTimeout: 4408, tooMany: 4429 } as const;

export const WS_LIMITS = {
  /** connection_init must arrive this soon after the upgrade, or the socket closes 4408 */
  initTimeoutMs: 5_000,
  socketsPerSubject: 10,
  subscriptionsPerSubject: 20,
  /** queries and mutations running at once over a subject's sockets (RATE_LIMIT_CONCURRENT) */
  operationsPerSubject: 4,
};

interface Socket {
  on(event: 'message', listener: (data: Buffer | string, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  close(code?: number, reason?: string): void;
  send(data: string): void;
}

interface Session {
  socket: Socket;
  bearer?: string;
  initialised: boolean;
  subject?: string;
  timer?: NodeJS.Timeout;
  subscriptions: Set<string>;
}

const bearerFrom = (payload: Record<string, unknown> | null | undefined): string | undefined => {
  const value =
    payload?.authorization ??
    payload?.Authorization ??
    (payload?.headers as Record<string, unknown> | undefined)?.authorization;
  if (typeof value === 'string') return value;
  if (typeof payload?.token === 'string') return `Bearer ${payload.token}`;
  return undefined;
};

/**
 * The WebSocket side of authentication (CONTRACT.md: "the same holds on a WebSocket"). A socket
 * must send connection_init within a few seconds; its token is verified then, and again for every
 * operation; the socket closes 4401 the moment the token expires. Sockets and subscriptions are
 * capped per subject, so one user cannot hold the server's sockets.
 */
export class WsSessions {
  private readonly sessions = new WeakMap<object, Session>();
  private readonly bySubject = new Map<string, Set<Session>>();
  private readonly running = new Map<string, number>();

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly limits = WS_LIMITS,
  ) {}

  /** Every new socket, before Mercurius reads from it (listeners run in the order they were added). */
  open(socket: Socket): void {
    const session: Session = { socket, initialised: false, subscriptions: new Set() };
    this.sessions.set(socket, session);
    session.timer = setTimeout(
      () => socket.close(WS_CLOSE.initTimeout, 'Connection initialisation timeout'),
      this.limits.initTimeoutMs,
    ).unref();
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      // Only the first connection_init's token and the client's `complete` are of interest here.
      if (session.initialised && !text.includes('"complete"')) return;
      let message: { type?: unknown; id?: unknown; payload?: Record<string, unknown> | null };
      try {
        message = JSON.parse(text);
      } catch {
        return; // Mercurius answers it
      }
      if (message.type === 'connection_init' && !session.initialised) {
        session.initialised = true;
        session.bearer = bearerFrom(message.payload) ?? '';
      } else if (message.type === 'complete' && typeof message.id === 'string') {
        session.subscriptions.delete(message.id);
      }
    });
    socket.on('close', () => {
      clearTimeout(session.timer);
      if (session.subject) this.bySubject.get(session.subject)?.delete(session);
      if (session.subject && !this.bySubject.get(session.subject)?.size) this.bySubject.delete(session.subject);
    });
  }

  /** Mercurius' subscription context, called on connection_init: verify, count, and set the expiry. */
  async authenticate(socket: Socket): Promise<{ principal: Principal; wsSession: WsSession }> {
    const session = this.sessions.get(socket);
    if (!session) throw unauthenticated();
    clearTimeout(session.timer);
    let verified;
    try {
      verified = await this.verifier.verifyBearerToken(session.bearer);
    } catch (error) {
      // Mercurius' own refusal frame, kept for existing clients, then the protocol's close code.
      socket.send(
        JSON.stringify({
          type: 'connection_error',
          payload: { message: (error as Error).message, extensions: { code: 'UNAUTHENTICATED' } },
        }),
      );
      socket.close(WS_CLOSE.forbidden, 'Forbidden');
      throw error;
    }
    const subject = `${verified.principal.authority}\u0000${verified.principal.subject}`;
    const mine = this.bySubject.get(subject) ?? new Set<Session>();
    if (mine.size >= this.limits.socketsPerSubject) {
      socket.close(WS_CLOSE.tooMany, 'Too many connections for this user');
      throw rateLimited('Too many connections for this user', 60);
    }
    mine.add(session);
    this.bySubject.set(subject, mine);
    session.subject = subject;
    const lifeMs = Math.max(0, (verified.expiresAt - this.verifier.nowSeconds()) * 1000);
    session.timer = setTimeout(() => this.closeOnExpiry(socket), lifeMs).unref();
    return { principal: verified.principal, wsSession: new WsSession(this, session) };
  }

  closeOnExpiry(socket: Socket): void {
    socket.close(WS_CLOSE.unauthorized, 'Token expired');
  }

  /** The token's current validity: an expired token runs nothing, even before its socket closes. */
  async principalOf(session: Session): Promise<Principal> {
    return this.verifier.verifyBearer(session.bearer);
  }

  startSubscription(session: Session, id: string): void {
    const mine = session.subject ? this.bySubject.get(session.subject) : undefined;
    const open = [...(mine ?? [])].reduce((n, s) => n + s.subscriptions.size, 0);
    if (open >= this.limits.subscriptionsPerSubject && !session.subscriptions.has(id)) {
      throw rateLimited(`At most ${this.limits.subscriptionsPerSubject} subscriptions at once`, 60);
    }
    session.subscriptions.add(id);
  }

  endSubscription(session: Session, id: string): void {
    session.subscriptions.delete(id);
  }

  /** A query or mutation on a socket counts against the same per-subject limit as HTTP; returns its release. */
  startOperation(session: Session): () => void {
    const key = session.subject ?? '';
    const now = this.running.get(key) ?? 0;
    if (now >= this.limits.operationsPerSubject)
      throw rateLimited(`More than ${this.limits.operationsPerSubject} requests at once`, 1);
    this.running.set(key, now + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.running.get(key) ?? 1) - 1;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
    };
  }
}

/** What a socket's GraphQL context carries: its session, for the guard and the hooks. */
export class WsSession {
  constructor(
    private readonly sessions: WsSessions,
    private readonly session: Session,
  ) {}

  principal(): Promise<Principal> {
    return this.sessions.principalOf(this.session);
  }
  startSubscription(id: string): void {
    this.sessions.startSubscription(this.session, id);
  }
  endSubscription(id: string): void {
    this.sessions.endSubscription(this.session, id);
  }
  startOperation(): () => void {
    return this.sessions.startOperation(this.session);
  }
}
