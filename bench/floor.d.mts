/** Types of bench/floor.mjs (plain JavaScript, so that the floor process compiles no TypeScript). */
export function floorRead(document: { readonly getElementsByTagName: (tag: string) => ArrayLike<Element> }): {
  cells: number;
  chars: number;
};
