; A program that rewrites its own code, for the bare 6502 machine (load and
; start at $0400). It sums 0..9 by incrementing the operand of its own
; `ADC #0` each round, checks the sum (45), then rewrites the target of a
; `JMP fail` to reach `success`. Success traps at $0403, failure at $0406.
;   ejemu run roms/6502/selfmod.bin --machine 6502 --load '$0400' --entry '$0400'

sum     = $10

        .org $0400
        JMP main
success:
        JMP success
fail:   JMP fail

main:   LDA #0
        STA sum
        LDX #10
loop:   LDA sum
        CLC
add:    ADC #0                  ; the operand is rewritten below
        STA sum
        INC add+1
        DEX
        BNE loop
        LDA sum
        CMP #45
        BNE fail
        LDA #<success           ; rewrite `exit` to jump to success
        STA exit+1
        LDA #>success
        STA exit+2
exit:   JMP fail
