; Sieve of Eratosthenes, CPU-bound benchmark for the bare 6502 machine.
; Marks the composites below SIZE in a byte array at FLAGS, counts the
; primes, and repeats ITER times. Result: count = 1028 primes below 8192
; (at $10-$11, little-endian). Traps at `done` ($0400 load and entry).
;   ejemu run roms/6502/sieve.bin --machine 6502 --load '$0400' --entry '$0400'

FLAGS = $2000           ; one byte per number: 1 = prime so far
SIZE  = 8192            ; must be a multiple of 256
ITER  = 10

ptr   = $00             ; 16-bit pointer into FLAGS
i     = $02             ; 16-bit candidate
count = $10             ; 16-bit prime count
iter  = $12

        .org $0400
start:  LDA #ITER
        STA iter
pass:   LDA #<FLAGS     ; fill FLAGS with 1
        STA ptr
        LDA #>FLAGS
        STA ptr+1
        LDX #>SIZE
        LDY #0
        LDA #1
fill:   STA (ptr),Y
        INY
        BNE fill
        INC ptr+1
        DEX
        BNE fill
        LDA #0
        STA count
        STA count+1
        STA i+1
        LDA #2
        STA i
candidate:
        CLC             ; ptr = FLAGS + i
        LDA i
        ADC #<FLAGS
        STA ptr
        LDA i+1
        ADC #>FLAGS
        STA ptr+1
        LDY #0
        LDA (ptr),Y
        BEQ next        ; composite
        INC count
        BNE mark
        INC count+1
mark:   CLC             ; ptr += i: the next multiple
        LDA ptr
        ADC i
        STA ptr
        LDA ptr+1
        ADC i+1
        STA ptr+1
        CMP #>(FLAGS+SIZE)
        BCS next        ; past the end of the array
        LDA #0
        STA (ptr),Y
        JMP mark
next:   INC i
        BNE check
        INC i+1
check:  LDA i+1
        CMP #>SIZE
        BNE candidate
        DEC iter
        BNE pass
done:   JMP done
