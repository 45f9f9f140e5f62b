import type { z } from 'zod';
import type { Permission } from '../../../domain/staff/roles';

/**
 * Who may call a method: a permission the acting staff member's roles must grant, any logged-in staff member,
 * or anyone (login, the hall display's feed).
 */
export type Access = Permission | 'authenticated' | 'public';

/**
 * One API method: its argument schema (checked at every boundary) and who may call it.
 * The result type rides along as a phantom so the renderer gets it without importing any implementation.
 */
export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  access: Access;
  readonly __output?: O;
}

export function method<O>() {
  return <I extends z.ZodType>(input: I, access: Access): MethodSpec<I, O> => ({ input, access });
}

export type AnyMethodSpec = MethodSpec<z.ZodType, unknown>;
export type ContractShape = Record<string, AnyMethodSpec>;

export type InputOf<M> = M extends MethodSpec<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<M> = M extends MethodSpec<infer I, unknown> ? z.output<I> : never;
export type OutputOf<M> = M extends MethodSpec<z.ZodType, infer O> ? O : never;
