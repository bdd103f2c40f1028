import { Type } from '@nestjs/common';
import { AdvocacyModule } from './advocacy/advocacy.module';

/** The workflow modules, each a domain of DOMAIN.md. One line each: add yours here. */
export const FEATURE_MODULES: Type[] = [
  AdvocacyModule,
];
