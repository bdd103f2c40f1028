import { Module } from '@nestjs/common';
import { AdvocacyResolver, ChildAdvocacyResolver } from './advocacy.resolver';
import { AdvocacyService } from './advocacy.service';

@Module({ providers: [AdvocacyService, AdvocacyResolver, ChildAdvocacyResolver], exports: [AdvocacyService] })
export class AdvocacyModule {}
