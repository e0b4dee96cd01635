/**
 * Guest programs for the AArch64-under-qemu runs: code the recompilers
 * translate completely (no exits to the interpreter), so one native entry
 * runs the whole budget.
 */

/**
 * 6502: fill 64 bytes at $0200 from an 8-bit Galois LFSR, bubble-sort them
 * (indexed loads and stores, CMP, branches), sum them through a JSR'd
 * routine with the stack (PHA/PLA, PHP), multiply two bytes by shift-and-add
 * (ASL/ROL/LSR/ROR), walk a (zp),Y pointer with INC/DEC/BIT/EOR/SBC, and
 * stop at a trap (`JMP *`). Binary arithmetic only: decimal ADC/SBC, SEI,
 * CLI and PLP are left to the interpreter by design.
 */
export const SORT_PROGRAM = `
        .org $0400
COUNT = 64
DATA = $0200
        LDX #$FF
        TXS
        LDA #$5B
        LDX #0
fill:   LSR A
        BCC nofb
        EOR #$B8
nofb:   STA DATA,X
        INX
        CPX #COUNT
        BNE fill
sort:   LDY #0
        LDX #0
pass:   LDA DATA,X
        CMP DATA+1,X
        BCC inorder
        BEQ inorder
        PHA
        LDA DATA+1,X
        STA DATA,X
        PLA
        STA DATA+1,X
        INY
inorder: INX
        CPX #COUNT-1
        BNE pass
        CPY #0
        BNE sort
        JSR checksum
        STA $10
        STX $11
        LDA #200
        STA $20
        LDA #177
        STA $21
        JSR multiply
        LDA #<DATA
        STA $30
        LDA #>DATA
        STA $31
        LDY #COUNT-1
walk:   LDA ($30),Y
        EOR #$A5
        SEC
        SBC $21
        STA ($30),Y
        BIT $10
        BVS over
        INC $40
over:   BMI neg
        DEC $41
neg:    DEY
        BPL walk
        PHP
        PLA
        STA $42
done:   JMP *

checksum: LDA #0
        TAX
        LDY #0
sum:    CLC
        ADC DATA,Y
        BCC nocarry
        INX
nocarry: INY
        CPY #COUNT
        BNE sum
        PHA
        TXA
        ROL A
        TAX
        PLA
        RTS

multiply: LDA #0
        STA $23
        LDX #8
mloop:  LSR $21
        BCC noadd
        CLC
        ADC $20
noadd:  ROR A
        ROR $23
        DEX
        BNE mloop
        STA $22
        RTS
`;

/**
 * CHIP-8 (XO-CHIP profiles and SUPER-CHIP): subroutines (CALL/RET through
 * the dispatch table), BCD and FX55/FX65 into a data area, random bytes
 * (CXNN's xorshift), font digits drawn with DXYN (the drawing helper, with
 * collisions), key skips, the delay timer, BNNN, FX1E, all 8XY* ALU forms;
 * loops forever, so the budget ends the run.
 */
export const CHIP8_MIXED_SOURCE = `
DATA equ 0x800
        ld v6, 0            ; x
        ld v7, 1            ; y
        ld v9, 0            ; round
loop:   rnd va, 0xff
        call digits
        call alu
        ld i, DATA
        ld b, va
        ld v2, [i]
        add v9, 1
        ld i, DATA
        add i, v9
        ld [i], v2
        ld dt, v9
        ld vb, dt
        ld vc, 5
        skp vc
        add vb, 1
        sknp vc
        add vb, 2
        ld v0, 0
        jp v0, cont
cont:   se v9, 40
        jp loop
        cls
        ld v9, 0
        jp loop

digits: ld f, v0
        drw v6, v7, 5
        ld f, v1
        add v6, 5
        drw v6, v7, 5
        add v6, 5
        ld f, v2
        drw v6, v7, 5
        add v6, 6
        se v6, 64
        ret
        ld v6, 0
        add v7, 6
        ld v8, 0x1f
        and v7, v8
        ret

alu:    ld v3, va
        add v3, v9
        ld v4, v3
        sub v4, va
        ld v5, v4
        subn v5, v3
        or v5, v9
        xor v5, va
        and v5, v3
        shr v5, v5
        shl v4, v4
        ld i, DATA + 0x100
        ld [i], v5
        ret
`;

/**
 * 6502, never stops (the cycle budget ends the run): a 16-bit xorshift
 * whose bytes go into a 256-byte ring at $0300 through (zp,X) and abs,Y,
 * counted with INC, dispatched every turn through JMP (ind) to one of two
 * routines (ADC and SBC with whatever carry is left), with a zero-page,X
 * read that wraps around.
 */
export const RING_PROGRAM = `
        .org $0400
RING = $0300
        LDA #$A7
        STA $00
        LDA #$1C
        STA $01
        LDA #<RING
        STA $84
        LDA #>RING
        STA $85
        LDA #<even
        STA $90
        LDA #>even
        STA $91
        LDA #<odd
        STA $92
        LDA #>odd
        STA $93
        LDY #0
turn:   LDA $01
        LSR A
        LDA $00
        ROR A
        EOR $01
        STA $01
        LDA $00
        ROR A
        EOR $00
        STA $00
        EOR $01
        STA RING,Y
        INY
        LDX #$04
        STA ($80,X)
        INC $84
        BNE nowrap
        INC $86
nowrap: AND #2
        TAX
        LDA $90,X
        STA $94
        LDA $91,X
        STA $95
        JMP ($0094)
even:   LDX #$F8
        LDA $88,X
        ADC $10
        STA $10
        JMP turn
odd:    LDA $11
        SBC $00
        STA $11
        ROL $12
        JMP turn
`;
