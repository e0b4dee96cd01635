; Self-checking test of the documented 6502 instructions and addressing
; modes for the bare 6502 machine. Load and start at $0400. Success traps at
; `success` ($0403: JMP $0403); a failed check traps at `fail` ($0406) with
; the number of the failed test in `testnum` ($0200).
;   ejemu run roms/6502/selftest.bin --machine 6502 --load '$0400' --entry '$0400'
; Checks: after an operation, A (or P via PHP/PLA, masked to N V Z C with
; AND #$C3) is compared by `check` with the byte that follows `JSR check`.

testnum = $0200
actual  = $F0           ; check's scratch
savey   = $F1
ret     = $F2           ; 2 bytes
ptr     = $F4           ; 2 bytes
zpv     = $20           ; zero-page data $20-$2F
data    = $0300         ; absolute data $0300-$03FF
NVZC    = $C3
NZC     = $83

        .org $0400
        JMP main
success:
        JMP success
fail:   JMP fail

; check: A must equal the byte after the JSR; returns past it with A and Y
; preserved (flags are not).
check:  STA actual
        STY savey
        PLA
        STA ret
        PLA
        STA ret+1
        LDY #1
        LDA (ret),Y
        CMP actual
        BNE fail
        INC ret
        BNE check1
        INC ret+1
check1: LDA ret+1
        PHA
        LDA ret
        PHA
        LDY savey
        LDA actual
        RTS

main:   CLD
        LDX #$FF
        TXS
        LDA #1                  ; 1: immediate and zero page loads/stores
        STA testnum
        LDA #$5A
        STA zpv
        LDA #0
        LDA zpv
        JSR check
        .byte $5A
        LDX #$33
        STX zpv+1
        LDY zpv+1
        TYA
        JSR check
        .byte $33
        LDY #$44
        STY zpv+2
        LDX zpv+2
        TXA
        JSR check
        .byte $44

        LDA #2                  ; 2: absolute and indexed modes
        STA testnum
        LDA #$77
        STA data+5
        LDX #5
        LDA data,X
        JSR check
        .byte $77
        LDY #5
        LDA #0
        LDA data,Y
        JSR check
        .byte $77
        LDA #$21
        LDX #3
        STA zpv,X               ; zpv+3
        LDA zpv+3
        JSR check
        .byte $21
        LDY #2
        LDX zpv+1,Y             ; zp,Y: zpv+3
        TXA
        JSR check
        .byte $21
        LDA #$11
        LDY #$10
        STA data+$40,Y
        LDA data+$50
        JSR check
        .byte $11
        LDX #$0F
        LDY data+$41,X          ; abs,X -> data+$50
        TYA
        JSR check
        .byte $11
        LDY #$01
        LDX data+$4F,Y          ; abs,Y -> data+$50
        TXA
        JSR check
        .byte $11
        LDA #$66
        LDX #4
        STX zpv+4
        LDY #7
        STY zpv+7
        LDY zpv,X               ; zp,X for LDY
        TYA
        JSR check
        .byte $04
        LDY #1
        STY zpv+9
        LDX #9
        LDY #$00
        STY zpv+5
        LDY #8
        STX zpv,Y               ; STX zp,Y: zpv+8 = 9
        LDA zpv+8
        JSR check
        .byte $09
        LDX #6
        STY zpv,X               ; STY zp,X: zpv+6 = 8
        LDA zpv+6
        JSR check
        .byte $08

        LDA #3                  ; 3: indirect modes (zp,X) and (zp),Y
        STA testnum
        LDA #<(data+$80)
        STA ptr
        LDA #>(data+$80)
        STA ptr+1
        LDA #$C7
        LDY #$05
        STA (ptr),Y             ; data+$85
        LDA data+$85
        JSR check
        .byte $C7
        LDX #2
        LDA #$D2
        STA (ptr-2,X)           ; data+$80
        LDA #0
        LDA (ptr-2,X)
        JSR check
        .byte $D2
        LDY #5
        LDA (ptr),Y
        JSR check
        .byte $C7

        LDA #4                  ; 4: ADC and SBC in binary mode, with flags
        STA testnum
        CLC
        LDA #$50
        ADC #$50                ; $A0: N V, no C
        PHP
        JSR check
        .byte $A0
        PLA
        AND #NVZC
        JSR check
        .byte $C0
        SEC
        LDA #$FF
        ADC #$00                ; $00 with C in: Z C
        PHP
        JSR check
        .byte $00
        PLA
        AND #NVZC
        JSR check
        .byte $03
        SEC
        LDA #$50
        SBC #$B0                ; $A0: N V, borrow (C clear)
        PHP
        JSR check
        .byte $A0
        PLA
        AND #NVZC
        JSR check
        .byte $C0
        CLC
        LDA #$10
        SBC #$05                ; $10 - $05 - 1 = $0A, C set
        PHP
        JSR check
        .byte $0A
        PLA
        AND #NVZC
        JSR check
        .byte $01
        LDA #$34
        STA zpv
        CLC
        LDA #$12
        ADC zpv
        JSR check
        .byte $46

        LDA #5                  ; 5: decimal mode ADC and SBC
        STA testnum
        SED
        CLC
        LDA #$19
        ADC #$28
        JSR check
        .byte $47
        SEC
        LDA #$99
        ADC #$00                ; 99 + 0 + 1 = 100: $00 with C
        PHP
        JSR check
        .byte $00
        PLA
        AND #$01
        JSR check
        .byte $01
        SEC
        LDA #$50
        SBC #$01
        JSR check
        .byte $49
        CLC
        LDA #$00
        SBC #$00                ; 0 - 0 - 1 = 99 with borrow
        PHP
        JSR check
        .byte $99
        PLA
        AND #$01
        JSR check
        .byte $00
        CLD

        LDA #6                  ; 6: logic and BIT
        STA testnum
        LDA #$F0
        AND #$3C
        JSR check
        .byte $30
        ORA #$03
        JSR check
        .byte $33
        EOR #$FF
        JSR check
        .byte $CC
        LDA #$C0
        STA zpv
        LDA #$0F
        CLC
        BIT zpv                 ; N V from memory, Z from A AND M = 0
        PHP
        PLA
        AND #NVZC
        JSR check
        .byte $C2
        LDA #$40
        STA data
        LDA #$40
        CLC
        BIT data                ; V, not Z
        PHP
        PLA
        AND #NVZC
        JSR check
        .byte $40

        LDA #7                  ; 7: shifts and rotates, increments
        STA testnum
        LDA #$81
        ASL A                   ; $02, C
        PHP
        JSR check
        .byte $02
        PLA
        AND #NZC
        JSR check
        .byte $01
        LDA #$01
        LSR A                   ; $00, Z C
        PHP
        PLA
        AND #NZC
        JSR check
        .byte $03
        SEC
        LDA #$40
        ROL A                   ; $81, N
        JSR check
        .byte $81
        SEC
        LDA #$02
        ROR A                   ; $81, C clear
        JSR check
        .byte $81
        LDA #$40
        STA zpv
        ASL zpv
        LDA zpv
        JSR check
        .byte $80
        LSR zpv
        LSR zpv
        LDA zpv
        JSR check
        .byte $20
        CLC
        ROL data
        SEC
        ROR data
        LDA data
        JSR check
        .byte $C0
        LDX #1
        INC zpv,X
        INC zpv,X
        DEC zpv,X
        LDA zpv+1
        JSR check
        .byte $34
        INC data
        DEC data
        DEC data
        LDA data
        JSR check
        .byte $BF
        LDX #$FF
        INX
        PHP
        TXA
        JSR check
        .byte $00
        PLA
        AND #$82             ; N Z (INX leaves C alone)
        JSR check
        .byte $02
        LDY #$00
        DEY
        TYA
        JSR check
        .byte $FF
        DEX
        INY
        INY
        TYA
        JSR check
        .byte $01
        TXA
        JSR check
        .byte $FF

        LDA #8                  ; 8: compares
        STA testnum
        LDA #$40
        CMP #$41                ; borrow: N, no C
        PHP
        PLA
        AND #NZC
        JSR check
        .byte $80
        LDX #$40
        CPX #$40                ; Z C
        PHP
        PLA
        AND #NZC
        JSR check
        .byte $03
        LDY #$80
        STY zpv
        LDY #$90
        CPY zpv                 ; $10: C
        PHP
        PLA
        AND #NZC
        JSR check
        .byte $01

        LDA #9                  ; 9: branches, taken and not taken
        STA testnum
        LDA #0                  ; Z set, N clear
        BNE bad9
        BMI bad9
        BEQ b1
bad9:   JMP fail
b1:     BPL b2
        JMP fail
b2:     SEC
        BCC bad9
        BCS b3
        JMP fail
b3:     CLC
        BCS bad9
        BCC b4
        JMP fail
b4:     LDA #$40
        ADC #$40                ; V set
        BVC bad9
        BVS b5
        JMP fail
b5:     CLV
        BVS bad9
        BVC b6
        JMP fail
b6:     LDA #$80
        BPL bad9
        BMI b7
        JMP fail
b7:

        LDA #10                 ; 10: stack, transfers, flag instructions
        STA testnum
        LDA #$AB
        PHA
        LDA #$00
        PLA
        JSR check
        .byte $AB
        TSX
        TXA
        JSR check
        .byte $FF
        LDX #$80
        TXS
        TSX
        TXA
        JSR check
        .byte $80
        LDX #$FF
        TXS
        LDA #$C3
        PHA
        PLP                     ; N V Z C set
        PHP
        PLA
        AND #NVZC
        JSR check
        .byte $C3
        LDA #$5E
        TAX
        TAY
        LDA #0
        TXA
        JSR check
        .byte $5E
        LDA #0
        TYA
        JSR check
        .byte $5E
        SED
        PHP
        PLA
        AND #$08
        JSR check
        .byte $08
        CLD

        LDA #11                 ; 11: JMP (indirect) with the page wrap, JSR/RTS
        STA testnum
        LDA #<jt1
        STA data+$FF
        LDA #>jt1
        STA data                ; high byte from $0300, not $0400
        LDA #$FF
        STA data+$100           ; would send the jump elsewhere if no wrap
        JMP (data+$FF)
jt1:    JSR sub11
        JSR check
        .byte $11
        JMP t12
sub11:  LDA #$11
        RTS

t12:    LDA #12                 ; 12: BRK and RTI, the B flag on the stack
        STA testnum
        LDA #<brk12
        STA $FFFE
        LDA #>brk12
        STA $FFFF
        CLI
        LDA #0
        BRK
        .byte $EA               ; BRK's padding byte, skipped by RTI
        JSR check
        .byte $12
        JMP success
brk12:  PLA                     ; pushed P: B and bit 5 set, I clear
        PHA
        AND #$34
        JSR check
        .byte $30
        PHP                     ; inside the handler I is set
        PLA
        AND #$04
        JSR check
        .byte $04
        LDA #$12
        RTI
