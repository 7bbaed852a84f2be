// Types of scripts/free-port.mjs for the TypeScript that imports it (e2e/, bench/).
/** A TCP port nobody listens on, chosen by the kernel at run time. */
export declare function freePort(): Promise<number>;
/** `count` different free ports. */
export declare function freePorts(count: number): Promise<number[]>;
