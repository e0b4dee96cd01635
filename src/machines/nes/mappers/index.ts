/** The boards ejemu has, by iNES mapper number. */
import { boardName, CartridgeError, type Cartridge } from "../cartridge.js";
import type { Mapper } from "./mapper.js";
import { Mmc1 } from "./mmc1.js";
import { Mmc3 } from "./mmc3.js";
import { Axrom, Cnrom, Nrom, Uxrom } from "./simple.js";

const BOARDS: Readonly<Record<number, new (cart: Cartridge) => Mapper>> = {
  0: Nrom, 1: Mmc1, 2: Uxrom, 3: Cnrom, 4: Mmc3, 7: Axrom,
};

export const SUPPORTED_MAPPERS: readonly number[] = Object.keys(BOARDS).map(Number);

export function createMapper(cart: Cartridge): Mapper {
  const board = BOARDS[cart.mapper];
  if (board === undefined) {
    throw new CartridgeError(`unsupported ${boardName(cart.mapper)}: ejemu has mappers ${SUPPORTED_MAPPERS.join(", ")}`);
  }
  return new board(cart);
}

export { Mapper } from "./mapper.js";
