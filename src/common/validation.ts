import { ValidationError, ValidationPipe } from '@nestjs/common';
import { applyDecorators } from '@nestjs/common';
import { Field, FieldOptions } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, MaxLength } from 'class-validator';
import { badField, badInput, FieldProblem } from './errors';

export const TEXT_LIMITS = { summary: 10_000, name: 200, reason: 2_000 } as const;

function problems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...problems(e.children ?? [], field)];
  });
}

/** class-validator on every input type; failures become BAD_USER_INPUT with the bad fields. */
export const inputValidationPipe = () =>
  new ValidationPipe({
    transform: true,
    whitelist: false,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => badInput(problems(errors)),
  });

// Text of nothing visible (zero-width spaces, BOMs, soft hyphens, controls, any blank) is empty.
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Zs}\u3164\u115f\u1160\uffa0\u2800]/u;
export const trimText = (value: string): string => (VISIBLE.test(value) ? value.trim() : '');
const trim = Transform(({ value }) => (typeof value === 'string' ? trimText(value) : value));

/** A text input: trimmed, bounded, and required unless `nullable`. */
export function TextField(max: number, options: FieldOptions & { nullable?: boolean } = {}) {
  const required = !options.nullable;
  return applyDecorators(
    Field(() => String, options),
    trim,
    MaxLength(max, { message: `must be at most ${max} characters` }),
    required ? IsNotEmpty({ message: 'must not be empty' }) : IsOptional(),
  );
}

/** A required reason argument (not an input type, so validated here): trimmed, bounded, non-empty. */
export function requiredText(field: string, value: string, max: number = TEXT_LIMITS.reason): string {
  const text = (value ?? '').trim();
  if (!text) throw badField(field, 'must not be empty');
  if (text.length > max) throw badField(field, `must be at most ${max} characters`);
  return text;
}
