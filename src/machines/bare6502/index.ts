export { Bare6502, Bare6502Error, type Bare6502Options, type Bare6502Result, type Bare6502Stop } from "./machine.js";
export { formatTraceLine } from "./trace.js";
