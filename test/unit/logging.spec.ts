import { loggerParams, quietRequestLogs } from '../../src/config/logging';
import { validateEnv } from '../../src/config/env';

const env = validateEnv({ NODE_ENV: 'development', AUTH_DEV_SECRET: 'x'.repeat(32) });
type LevelFn = (req: unknown, res: { statusCode: number }, error?: Error) => string;

describe('development logs (issue 16)', () => {
  it('writes JSON lines when stdout is not a terminal, pretty lines when it is', () => {
    const plain = loggerParams(env, { isTTY: false } as NodeJS.WriteStream).pinoHttp;
    const tty = loggerParams(env, { isTTY: true } as NodeJS.WriteStream).pinoHttp;
    expect(Array.isArray(plain)).toBe(false);
    expect(Array.isArray(tty)).toBe(true);
  });

  it('logs requests at debug while the demo seed runs, and errors always as errors', () => {
    const options = loggerParams(env, { isTTY: false } as NodeJS.WriteStream).pinoHttp as { customLogLevel: LevelFn };
    expect(options.customLogLevel({}, { statusCode: 200 })).toBe('info');
    quietRequestLogs(true);
    try {
      expect(options.customLogLevel({}, { statusCode: 200 })).toBe('debug');
      expect(options.customLogLevel({}, { statusCode: 500 })).toBe('error');
    } finally {
      quietRequestLogs(false);
    }
    expect(options.customLogLevel({}, { statusCode: 200 })).toBe('info');
  });
});
