import { eastAsianWidth } from 'get-east-asian-width';

/** Columns a string takes on a terminal: two for CJK and full-width forms (Unicode's East Asian Width). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += eastAsianWidth(ch.codePointAt(0)!);
  return w;
}
