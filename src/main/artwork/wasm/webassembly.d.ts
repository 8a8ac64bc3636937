/**
 * The part of the WebAssembly JavaScript API the GIST kernels use. Node has
 * it as a global, but its type declarations live in TypeScript's DOM
 * library, which the Node build (lib ES2023) leaves out so that no browser
 * API creeps into the core.
 */
declare namespace WebAssembly {
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  class Module {
    constructor(bytes: Uint8Array<ArrayBuffer>);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  function validate(bytes: Uint8Array): boolean;
}
