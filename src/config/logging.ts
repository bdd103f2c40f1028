import { Injectable } from '@nestjs/common';
import { Logger, Params } from 'nestjs-pino';
import pretty from 'pino-pretty';
import { requestIdFrom } from '../common/request-id';
import { Env } from './env';
import { safeError, safeUrl } from '../common/log-safety';

// While the first start's demo seed runs, its hundreds of request lines go to debug (issue 16).
let quietRequests = false;
export function quietRequestLogs(on: boolean): void {
  quietRequests = on;
}

/**
 * pino-http for the service: a request id on every line, no secrets, and in a development terminal
 * pretty single lines written synchronously (a transport's worker thread would print them after
 * the start-up text). Anything else (CI, containers, files) gets JSON lines.
 */
export function loggerParams(
  env: Env,
  stdout: NodeJS.WriteStream = process.stdout,
  logStream?: { write(line: string): void },
): Params {
  const options: NonNullable<Exclude<Params['pinoHttp'], unknown[]>> = {
    level: env.LOG_LEVEL,
    genReqId: (req, res) => {
      const id = requestIdFrom(req.headers);
      res.setHeader('x-request-id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : quietRequests ? 'debug' : 'info'),
    // Tokens and personal data never reach a log line: no headers with secrets, no bodies.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["sec-websocket-protocol"]'],
      remove: true,
    },
    // No query string values (a token may ride in one) and no database values, in any environment.
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: safeUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: safeError,
    },
  };
  // The tests read the log lines back.
  if (logStream) return { pinoHttp: [options, logStream as NodeJS.WritableStream] };
  if (env.NODE_ENV === 'development' && stdout.isTTY) {
    const stream = pretty({
      singleLine: true,
      sync: true,
      colorize: true,
      ignore: 'pid,hostname,req.id',
      translateTime: 'SYS:HH:MM:ss',
    });
    return { pinoHttp: [options, stream] };
  }
  return { pinoHttp: options };
}

// Nest's module-by-module and route-by-route start-up lines: useful when debugging, noise otherwise.
const START_UP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'GraphQLModule',
]);

/** nestjs-pino's Logger with Nest's start-up chatter moved to debug. */
@Injectable()
export class ServiceLogger extends Logger {
  log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) return super.debug(message, ...optionalParams);
    return super.log(message, ...optionalParams);
  }
}
