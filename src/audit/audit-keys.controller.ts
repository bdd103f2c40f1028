import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../auth/auth.guard';
import { AuditKeys } from './audit-keys';
import { JwkSet } from './checkpoint';

/** GET /audit/keys: the public keys that sign audit checkpoints, current and retired, as a JWK set. No token needed. */
@Controller('audit')
export class AuditKeysController {
  constructor(private readonly keys: AuditKeys) {}

  @Public()
  @Get('keys')
  @Header('content-type', 'application/jwk-set+json')
  @Header('cache-control', 'public, max-age=300')
  jwks(): JwkSet {
    return this.keys.jwks;
  }
}
