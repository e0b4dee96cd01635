/*
 * Runs one image of recompiled AArch64 code (runtime stubs, helper routines
 * and blocks) over one JIT memory block, both at fixed addresses, under
 * qemu-aarch64. The code embeds absolute addresses (the memory block in the
 * entry stub, the stubs and helpers in every block, the dispatch table's
 * entries), so both regions must land exactly where they were laid out.
 *
 * Usage: image-harness IMAGE_FILE OUT_FILE
 *
 * IMAGE_FILE (little-endian): "EJI1", u32 code_len, u64 code_addr,
 *   u64 entry_addr, u64 mem_addr, u32 mem_len, u32 0, code bytes (padded
 *   to 8), memory bytes.
 * Calls uint64_t entry(void) once (5 s alarm), then writes OUT_FILE: u64
 * the value entry returned, then the memory block as the code left it.
 * Prints "ok REASON" on success; anything else exits non-zero with a line
 * on stderr (a crash ends the process with the signal).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void fail(const char *what) {
  fprintf(stderr, "image-harness: %s\n", what);
  exit(2);
}

/* Map `len` bytes at exactly `addr` (read-write), or fail: never moves an existing mapping. */
static uint8_t *map_at(uint64_t addr, size_t len) {
  void *p = mmap((void *)(uintptr_t)addr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) fail("mmap failed");
  if ((uint64_t)(uintptr_t)p != addr) fail("the fixed address is taken");
  return p;
}

int main(int argc, char **argv) {
  if (argc != 3) fail("usage: image-harness IMAGE_FILE OUT_FILE");
  FILE *f = fopen(argv[1], "rb");
  if (!f) fail("cannot open the image");
  uint8_t head[40];
  if (fread(head, 1, sizeof head, f) != sizeof head || memcmp(head, "EJI1", 4) != 0) fail("bad image header");
  uint32_t code_len, mem_len;
  uint64_t code_addr, entry_addr, mem_addr;
  memcpy(&code_len, head + 4, 4);
  memcpy(&code_addr, head + 8, 8);
  memcpy(&entry_addr, head + 16, 8);
  memcpy(&mem_addr, head + 24, 8);
  memcpy(&mem_len, head + 32, 4);
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t code_size = (code_len + page - 1) / page * page;
  size_t mem_size = (mem_len + page - 1) / page * page;
  uint8_t *code = map_at(code_addr, code_size);
  uint8_t *mem = map_at(mem_addr, mem_size);
  uint32_t code_padded = (code_len + 7) & ~7u;
  if (fread(code, 1, code_len, f) != code_len) fail("truncated code");
  if (fseek(f, 40 + code_padded, SEEK_SET) != 0 || fread(mem, 1, mem_len, f) != mem_len) fail("truncated memory");
  fclose(f);
  if (mprotect(code, code_size, PROT_READ | PROT_EXEC) != 0) fail("mprotect failed");
  __builtin___clear_cache((char *)code, (char *)code + code_len);
  if (entry_addr < code_addr || entry_addr >= code_addr + code_len) fail("entry outside the code");
  alarm(5);
  uint64_t (*entry)(void) = (uint64_t (*)(void))(uintptr_t)entry_addr;
  uint64_t reason = entry();
  FILE *out = fopen(argv[2], "wb");
  if (!out) fail("cannot write the output");
  if (fwrite(&reason, 8, 1, out) != 1 || fwrite(mem, 1, mem_len, out) != mem_len) fail("short write");
  fclose(out);
  printf("ok %llu\n", (unsigned long long)reason);
  return 0;
}
