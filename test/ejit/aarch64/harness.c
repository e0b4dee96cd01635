/*
 * Execution harness for Ejit AArch64 code, run under qemu-aarch64.
 *
 * Usage: harness BATCH_FILE
 *
 * BATCH_FILE (little-endian): "EJB1", u32 record count, then per record:
 *   u32 code_len, u32 mem_len, u32 has_mem, u32 nargs, u64 args[nargs],
 *   code bytes (padded to 4), memory bytes (padded to 8).
 *
 * For each record the code is mapped executable (written through a
 * read-write mapping that is then mprotect-ed to read-execute) and called as
 * uint64_t f(x0..x7): with has_mem, x0 is the address of a buffer holding the
 * memory bytes and the args fill x1..; otherwise the args fill x0.. . Each call
 * runs in a forked child, so a crash or hang (5 s alarm) is reported and the
 * batch goes on. One line per record on stdout:
 *   ok RESULT_HEX MEM_HEX     (MEM_HEX is "-" when the record has no memory)
 *   signal N
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

typedef uint64_t (*entry_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

static const uint8_t *cursor;
static const uint8_t *end;

static uint32_t read_u32(void) {
  uint32_t v;
  if (cursor + 4 > end) {
    fprintf(stderr, "harness: truncated batch file\n");
    exit(2);
  }
  memcpy(&v, cursor, 4);
  cursor += 4;
  return v;
}

static uint64_t read_u64(void) {
  uint64_t lo = read_u32();
  uint64_t hi = read_u32();
  return lo | (hi << 32);
}

static const uint8_t *read_bytes(uint32_t len, uint32_t pad) {
  const uint8_t *p = cursor;
  uint32_t padded = (len + pad - 1) & ~(pad - 1);
  if (cursor + padded > end) {
    fprintf(stderr, "harness: truncated batch file\n");
    exit(2);
  }
  cursor += padded;
  return p;
}

/* Run one record in the current (child) process; results go to `shared`. */
static void run_record(const uint8_t *code, uint32_t code_len, uint8_t *mem, int has_mem, const uint64_t *args,
                       uint32_t nargs, uint64_t *result) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t size = (code_len + page - 1) / page * page;
  if (size == 0) size = page;
  uint8_t *text = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (text == MAP_FAILED) _exit(3);
  memcpy(text, code, code_len);
  if (mprotect(text, size, PROT_READ | PROT_EXEC) != 0) _exit(3);
  __builtin___clear_cache((char *)text, (char *)text + code_len);
  uint64_t x[8] = {0};
  uint32_t first = has_mem ? 1 : 0;
  if (has_mem) x[0] = (uint64_t)(uintptr_t)mem;
  for (uint32_t k = 0; k < nargs && first + k < 8; k++) x[first + k] = args[k];
  entry_fn fn = (entry_fn)(uintptr_t)text;
  *result = fn(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: harness BATCH_FILE\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    fprintf(stderr, "harness: cannot open %s\n", argv[1]);
    return 2;
  }
  fseek(f, 0, SEEK_END);
  long file_len = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *file = malloc((size_t)file_len);
  if (!file || fread(file, 1, (size_t)file_len, f) != (size_t)file_len) {
    fprintf(stderr, "harness: cannot read %s\n", argv[1]);
    return 2;
  }
  fclose(f);
  cursor = file;
  end = file + file_len;
  if (memcmp(read_bytes(4, 4), "EJB1", 4) != 0) {
    fprintf(stderr, "harness: bad magic\n");
    return 2;
  }
  uint32_t count = read_u32();
  for (uint32_t r = 0; r < count; r++) {
    uint32_t code_len = read_u32();
    uint32_t mem_len = read_u32();
    uint32_t has_mem = read_u32();
    uint32_t nargs = read_u32();
    uint64_t args[8] = {0};
    for (uint32_t k = 0; k < nargs; k++) {
      uint64_t v = read_u64();
      if (k < 8) args[k] = v;
    }
    const uint8_t *code = read_bytes(code_len, 4);
    const uint8_t *mem_init = read_bytes(mem_len, 8);
    /* Shared with the child: the result word, then the buffer (16-byte aligned). */
    size_t shared_len = 16 + ((mem_len + 15) & ~15u) + 16;
    uint8_t *shared = mmap(NULL, shared_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) return 3;
    memcpy(shared + 16, mem_init, mem_len);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      alarm(5);
      run_record(code, code_len, shared + 16, (int)has_mem, args, nargs, (uint64_t *)shared);
      _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
      printf("signal %d\n", WTERMSIG(status));
    } else if (WEXITSTATUS(status) != 0) {
      printf("exit %d\n", WEXITSTATUS(status));
    } else {
      uint64_t result;
      memcpy(&result, shared, 8);
      printf("ok %016llx ", (unsigned long long)result);
      if (!has_mem) printf("-");
      for (uint32_t k = 0; k < mem_len; k++) printf("%02x", shared[16 + k]);
      printf("\n");
    }
    munmap(shared, shared_len);
  }
  free(file);
  return 0;
}
