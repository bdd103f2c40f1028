import { ForbiddenException, HttpException, InternalServerErrorException, UnauthorizedException } from '@nestjs/common';
import { GraphQLError, parse, Source } from 'graphql';
import { badField, conflict, DomainError, invalidTransition, notFound } from '../../src/common/errors';
import { ErrorLog, formatError } from '../../src/graphql/error-formatter';

const recordingLog = () => {
  const lines: { level: 'error' | 'warn'; obj: Record<string, unknown>; msg: string }[] = [];
  const log: ErrorLog = {
    error: (obj, msg) => lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  };
  return { log, lines };
};

/** How graphql-js hands a resolver's exception to the formatter. */
const fromResolver = (error: Error) =>
  new GraphQLError(error.message, {
    nodes: parse('{ me { id } }').definitions[0] as never,
    path: ['me'],
    originalError: error,
  });

const SQL_FAILURE = Object.assign(
  new Error(
    'duplicate key value violates unique constraint "staff_member_pkey": INSERT INTO "staff_member"("id") VALUES ($1) at /work/main/src/directory/directory.service.ts:42:7',
  ),
  {
    query: 'INSERT INTO "staff_member"("id") VALUES ($1)',
    parameters: ['secret-subject'],
    detail: 'Key (id)=(1) already exists.',
  },
);

describe('formatError', () => {
  it.each([
    ['a bare Error with SQL and a file path', SQL_FAILURE],
    ['the same Error thrown by a resolver', fromResolver(SQL_FAILURE)],
    ['a TypeError', fromResolver(new TypeError("Cannot read properties of undefined (reading 'id')"))],
    ['a Nest 500', fromResolver(new InternalServerErrorException('pool exhausted at /srv/app/db.ts'))],
    [
      'a GraphQLError that says it is internal',
      new GraphQLError('SELECT 1 failed', { extensions: { code: 'INTERNAL_SERVER_ERROR', stack: 'at x.ts:1' } }),
    ],
    ['a 5xx Fastify-style error', Object.assign(new Error('upstream SELECT failed'), { statusCode: 502 })],
  ])('reduces %s to INTERNAL_SERVER_ERROR with a logged correlation id', (_label, error) => {
    const { log, lines } = recordingLog();
    const formatted = formatError(error, log);

    expect(formatted.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(Object.keys(formatted.extensions).sort()).toEqual(['code', 'correlationId']);
    const correlationId = formatted.extensions.correlationId as string;
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(formatted.message).toBe(`Internal error. Quote reference ${correlationId} when reporting it.`);

    const wire = JSON.stringify(formatted);
    for (const leak of [
      'SELECT',
      'INSERT',
      'staff_member',
      '/work/',
      '/srv/',
      '.ts',
      'stack',
      'secret-subject',
      'Key (id)',
      'undefined',
    ]) {
      expect(wire).not.toContain(leak);
    }

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'unexpected error', obj: { correlationId } });
    // The log keeps the real failure, for whoever is given the reference.
    expect(lines[0].obj.err).toBeInstanceOf(Error);
  });

  it('keeps the GraphQL response path and location of a resolver failure (they name the field, not a file)', () => {
    const formatted = formatError(fromResolver(new Error('boom')), recordingLog().log);
    expect(formatted.path).toEqual(['me']);
    expect(formatted.locations).toEqual([{ line: 1, column: 1 }]);
  });

  it('gives a different correlation id to each failure', () => {
    const { log } = recordingLog();
    expect(formatError(new Error('a'), log).extensions.correlationId).not.toBe(
      formatError(new Error('a'), log).extensions.correlationId,
    );
  });

  it.each([
    [notFound('Child', 'c-1'), 'NOT_FOUND', {}],
    [
      badField('summary', 'must not be empty'),
      'BAD_USER_INPUT',
      { fields: [{ field: 'summary', message: 'must not be empty' }] },
    ],
    [invalidTransition('RESOLVED', 'respond'), 'INVALID_TRANSITION', { from: 'RESOLVED', operation: 'respond' }],
    [conflict(), 'CONFLICT', {}],
    [new DomainError('FORBIDDEN', 'no'), 'FORBIDDEN', {}],
  ])('passes a domain error through with its code and extensions (%#)', (error, code, extensions) => {
    const { log, lines } = recordingLog();
    const formatted = formatError(fromResolver(error), log);
    expect(formatted.message).toBe(error.message);
    expect(formatted.extensions).toEqual({ ...extensions, code });
    expect(lines).toHaveLength(0);
  });

  it.each([
    [new UnauthorizedException(), 'UNAUTHENTICATED'],
    [new ForbiddenException(), 'FORBIDDEN'],
    [new HttpException('gone', 404), 'NOT_FOUND'],
    [new HttpException('nope', 409), 'CONFLICT'],
    [new HttpException('bad', 400), 'BAD_USER_INPUT'],
  ])('maps a Nest HTTP exception to its code (%#)', (error, code) => {
    expect(formatError(fromResolver(error), recordingLog().log).extensions).toEqual({ code });
  });

  it('treats a document the server refused as BAD_USER_INPUT, without suggestions', () => {
    const refused = new GraphQLError('Cannot query field "mee" on type "Query". Did you mean "me"?', {
      source: new Source('{ mee }'),
      positions: [2],
    });
    const formatted = formatError(refused, recordingLog().log);
    expect(formatted).toEqual({
      message: 'Cannot query field "mee" on type "Query".',
      locations: [{ line: 1, column: 3 }],
      path: undefined,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const enumValue = new GraphQLError(
      'Value "CHAI" does not exist in "Role" enum. Did you mean the enum value "CHAIR"?',
    );
    expect(formatError(enumValue, recordingLog().log).message).toBe('Value "CHAI" does not exist in "Role" enum.');
  });

  it('keeps a contract code a GraphQLError already carries, and replaces one that is not in the contract', () => {
    const { log } = recordingLog();
    expect(formatError(new GraphQLError('who?', { extensions: { code: 'UNAUTHENTICATED' } }), log).extensions).toEqual({
      code: 'UNAUTHENTICATED',
    });
    expect(
      formatError(new GraphQLError('odd', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', detail: 'x' } }), log)
        .extensions,
    ).toEqual({ code: 'BAD_USER_INPUT' });
    // A scalar's parse error arrives wrapped by graphql-js.
    const scalar = new GraphQLError('Date must be a real calendar date as YYYY-MM-DD; got "2026-02-30"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(formatError(fromResolver(scalar), log).extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('maps a Fastify client error (body too large) to BAD_USER_INPUT', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    const { log, lines } = recordingLog();
    expect(formatError(new GraphQLError(tooLarge.message, { originalError: tooLarge }), log)).toMatchObject({
      message: 'Request body is too large',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(lines).toHaveLength(0);
  });
});

describe("database refusals that are the client's doing", () => {
  const log = { error: jest.fn(), warn: jest.fn() };
  const pgError = (code: string) =>
    Object.assign(new Error('invalid input syntax for type uuid: "abc" in SELECT * FROM child'), {
      driverError: { code },
    });

  it.each([
    ['22P02', 'BAD_USER_INPUT'],
    ['22007', 'BAD_USER_INPUT'],
    ['22021', 'BAD_USER_INPUT'],
    ['40001', 'CONFLICT'],
    ['23505', 'CONFLICT'],
  ])('maps SQLSTATE %s to %s without quoting the server', (code, expected) => {
    const formatted = formatError(new GraphQLError('x', { originalError: pgError(code) }), log);
    expect(formatted.extensions.code).toBe(expected);
    expect(formatted.message).not.toMatch(/SELECT|uuid: "abc"/);
  });

  it('keeps other database failures internal', () => {
    const formatted = formatError(new GraphQLError('x', { originalError: pgError('53300') }), log);
    expect(formatted.extensions.code).toBe('INTERNAL_SERVER_ERROR');
  });
});
