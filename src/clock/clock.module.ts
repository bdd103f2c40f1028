import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from './clock';

/** The one clock of the process (issue 10): `CLOCK_TODAY` outside production, else the real one. */
@Module({
  providers: [
    {
      provide: Clock,
      useFactory: (config: ConfigService) => Clock.fromEnv({ CLOCK_TODAY: config.get<string>('CLOCK_TODAY') }),
      inject: [ConfigService],
    },
  ],
  exports: [Clock],
})
export class ClockModule {}
