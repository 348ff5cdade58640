// acorn-globals ships no types; this is the part of its API the bundle guard uses.
declare module 'acorn-globals' {
  import type { Node, Program } from 'acorn';

  interface GlobalReference {
    name: string;
    nodes: Array<Node & { parents: Node[] }>;
  }
  export default function detect(source: string | Program): GlobalReference[];
}
