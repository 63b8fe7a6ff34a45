/**
 * Compile-time shape checks for types that are declared apart from their schema (the rest are
 * inferred from it). `SameShape<A, B>` is `true` only when A and B are the identical type: unlike
 * mutual assignability it also tells `{ a: string; b?: number }` from `{ a: string }`, so an optional
 * field present on one side only (the field the reply check would silently strip, issue 7) is caught.
 */
export type SameShape<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** `type _x = AssertTrue<SameShape<A, B>>` does not compile unless the shapes match. */
export type AssertTrue<T extends true> = T;
