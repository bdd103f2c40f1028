/**
 * What a log line may hold (issue 12): never SQL parameters, never a request body, never a query
 * string's values (`?access_token=` included), in any environment. PostgreSQL's own messages and
 * details quote the values they refuse, so a database error is logged by its SQLSTATE only.
 */

/** The path and the names of the query parameters; every value is replaced. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0].slice(0, 40)}=[redacted]`);
  return `${url.slice(0, at)}?${names.join('&')}`;
}

const sqlStateOf = (error: unknown): string | undefined => {
  const e = error as { driverError?: { code?: unknown }; code?: unknown; severity?: unknown; routine?: unknown };
  const code = e?.driverError?.code ?? e?.code;
  const fromPostgres = e?.driverError !== undefined || e?.severity !== undefined || e?.routine !== undefined;
  return fromPostgres && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/** An error for the log: type, message and stack, except a database error's values. */
export function safeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const sqlState = sqlStateOf(error);
  if (!sqlState) return { type: error.constructor.name, message: error.message, stack: error.stack };
  const driver = ((error as { driverError?: Record<string, unknown> }).driverError ?? error) as Record<string, unknown>;
  // Names from the schema only; `detail`, `where`, `query` and `parameters` can quote personal data.
  const pick = (key: string) => (typeof driver[key] === 'string' ? (driver[key] as string) : undefined);
  return {
    type: error.constructor.name,
    message: `database error ${sqlState}`,
    sqlState,
    table: pick('table'),
    column: pick('column'),
    constraint: pick('constraint'),
    routine: pick('routine'),
    stack: error.stack?.split('\n').slice(1).join('\n'),
  };
}
