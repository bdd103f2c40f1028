import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainErrorHttpFilter } from './domain-error.filter';
import { databaseRefusal } from './error-formatter';

/**
 * A database error leaves a resolver through here before anything logs it: Nest's own exceptions
 * handler would log the error whole, SQL and parameters (children's names) included. A refusal
 * that is the client's doing becomes its typed error; anything else goes on to the one error
 * mapping, which logs it (safely serialised) under a correlation id.
 */
@Catch(QueryFailedError)
export class DatabaseRefusalFilter implements ExceptionFilter {
  private readonly http = new DomainErrorHttpFilter();

  catch(error: QueryFailedError, host: ArgumentsHost): void {
    if (host.getType() === 'http') return this.http.catch(error, host);
    throw databaseRefusal(error) ?? error;
  }
}
