/*
 * Test driver for NativeToolchainIT: links the assembled toolchain's liblibchelper.a and
 * libsvm_container.a as a native image does and prints what they report, one "key value" per
 * line, so the test can compare them with the kernel's own view. "insn" runs one instruction of
 * each feature it knows and says whether the processor executes it with its defined result:
 * where the kernel's flags and CPUID disagree (a hypervisor may hide flags from /proc/cpuinfo),
 * the instruction settles it.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "amd64cpufeatures.h"
#include "svm_locale.h"

int svm_container_initialize(int version);
long svm_container_memory_limit_in_bytes(void);
long svm_container_memory_and_swap_limit_in_bytes(void);
int svm_container_active_processor_count(void);
char *SVM_FindJavaTZmd(const char *tzmappings, int length);

#define FEATURE(name) printf("cpu " #name " %d\n", f.f##name)

/* "check NAME": what checkCPUFeatures says of a builder-style mask that needs feature NAME. */
static int check(const char *name) {
  static const struct { const char *name; size_t offset; } fields[] = {
    {"CX8", offsetof(CPUFeatures, fCX8)}, {"AVX2", offsetof(CPUFeatures, fAVX2)},
    {"SERIALIZE", offsetof(CPUFeatures, fSERIALIZE)}, {"PKU", offsetof(CPUFeatures, fPKU)},
    {"AVX512F", offsetof(CPUFeatures, fAVX512F)}, {"SHA", offsetof(CPUFeatures, fSHA)},
    {"APX_F", offsetof(CPUFeatures, fAPX_F)}, {"AVX10_2", offsetof(CPUFeatures, fAVX10_2)},
  };
  unsigned char mask[(sizeof(CPUFeatures) + 7) / 8 * 8];
  memset(mask, 0xFF, sizeof mask);
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (strcmp(fields[i].name, name) == 0) {
      mask[fields[i].offset] = 0xFE;
      printf("check %s %d\n", name, checkCPUFeatures(mask));
      return 0;
    }
  return 2;
}


/* ---- instruction probes: 1 = ran with its defined result, 0 = faulted or gave another result ---- */

static sigjmp_buf probe_jump;

static void probe_fault(int sig) {
  (void) sig;
  siglongjmp(probe_jump, 1);
}

/* Each returns nonzero when the instruction gave the result only the feature gives. A missing
   feature either faults (#UD: SIGILL) or, for LZCNT, runs as the older BSR with another result. */
static int p_popcnt(void) { unsigned long r, x = 0xF0F0; __asm__ volatile("popcnt %1, %0" : "=r"(r) : "r"(x)); return r == 8; }
static int p_lzcnt(void) { unsigned r, x = 1; __asm__ volatile("lzcnt %1, %0" : "=r"(r) : "r"(x)); return r == 31; }
static int p_sse4a(void) { __asm__ volatile("extrq %%xmm1, %%xmm0" ::: "xmm0"); return 1; }
static int p_ssse3(void) { __asm__ volatile("pshufb %%xmm1, %%xmm0" ::: "xmm0"); return 1; }
static int p_sse3(void) { __asm__ volatile("haddps %%xmm1, %%xmm0" ::: "xmm0"); return 1; }
static int p_sse41(void) { __asm__ volatile("pminud %%xmm1, %%xmm0" ::: "xmm0"); return 1; }
static int p_sse42(void) { unsigned r = 0, x = 1; __asm__ volatile("crc32l %1, %0" : "+r"(r) : "r"(x)); return r != 0; }
static int p_bmi1(void) { unsigned r, a = 0xF0, b = 0xFF; __asm__ volatile("andn %2, %1, %0" : "=r"(r) : "r"(a), "r"(b)); return r == 0x0F; }
static int p_bmi2(void) { unsigned r, a = 0xFF, m = 0xF0F0; __asm__ volatile("pdep %2, %1, %0" : "=r"(r) : "r"(a), "r"(m)); return r == 0xF0F0; }
static int p_adx(void) { unsigned long a = 1, b = 2; __asm__ volatile("clc; adcx %1, %0" : "+r"(a) : "r"(b) : "cc"); return a == 3; }
static int p_avx(void) { __asm__ volatile("vxorps %%ymm0, %%ymm0, %%ymm0" ::: "xmm0"); return 1; }
static int p_avx2(void) { __asm__ volatile("vpaddd %%ymm0, %%ymm0, %%ymm0" ::: "xmm0"); return 1; }
static int p_fma(void) { __asm__ volatile("vfmadd231ps %%xmm1, %%xmm1, %%xmm0" ::: "xmm0"); return 1; }
static int p_f16c(void) { __asm__ volatile("vcvtph2ps %%xmm1, %%xmm0" ::: "xmm0"); return 1; }
static int p_aes(void) { __asm__ volatile("aesenc %%xmm1, %%xmm0" ::: "xmm0"); return 1; }
static int p_clmul(void) { __asm__ volatile("pclmulqdq $0, %%xmm1, %%xmm0" ::: "xmm0"); return 1; }
static int p_sha(void) { __asm__ volatile("sha1nexte %%xmm1, %%xmm0" ::: "xmm0"); return 1; }
static int p_avx512f(void) { __asm__ volatile("vpxord %%zmm0, %%zmm0, %%zmm0" ::: "xmm0"); return 1; }
static int p_avx512bw(void) { __asm__ volatile("vpaddb %%zmm0, %%zmm0, %%zmm0" ::: "xmm0"); return 1; }
static int p_gfni(void) { __asm__ volatile("gf2p8mulb %%xmm1, %%xmm0" ::: "xmm0"); return 1; }
static int p_rdtscp(void) { unsigned a, d, c; __asm__ volatile("rdtscp" : "=a"(a), "=d"(d), "=c"(c)); return 1; }
static int p_rdpid(void) { unsigned long r; __asm__ volatile("rdpid %0" : "=r"(r)); return 1; }

static const struct { const char *name; int (*run)(void); } probes[] = {
  {"POPCNT", p_popcnt}, {"LZCNT", p_lzcnt}, {"SSE4A", p_sse4a}, {"SSE3", p_sse3}, {"SSSE3", p_ssse3},
  {"SSE4_1", p_sse41}, {"SSE4_2", p_sse42}, {"BMI1", p_bmi1}, {"BMI2", p_bmi2}, {"ADX", p_adx},
  {"AVX", p_avx}, {"AVX2", p_avx2}, {"FMA", p_fma}, {"F16C", p_f16c}, {"AES", p_aes}, {"CLMUL", p_clmul},
  {"SHA", p_sha}, {"AVX512F", p_avx512f}, {"AVX512BW", p_avx512bw}, {"GFNI", p_gfni}, {"RDTSCP", p_rdtscp},
  {"RDPID", p_rdpid},
};

static int insn(void) {
  struct sigaction sa = {0};
  sa.sa_handler = probe_fault;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
    int ok = 0;
    if (sigsetjmp(probe_jump, 1) == 0) ok = probes[i].run() != 0;
    printf("insn %s %d\n", probes[i].name, ok);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "check") == 0) return check(argv[2]);
  if (argc == 2 && strcmp(argv[1], "insn") == 0) return insn();
  CPUFeatures f;
  determineCPUFeatures(&f);
  FEATURE(CX8); FEATURE(CMOV); FEATURE(FXSR); FEATURE(HT); FEATURE(MMX); FEATURE(SSE);
  FEATURE(SSE2); FEATURE(SSE3); FEATURE(SSSE3); FEATURE(SSE4_1); FEATURE(SSE4_2); FEATURE(POPCNT);
  FEATURE(LZCNT); FEATURE(TSC); FEATURE(AVX); FEATURE(AVX2); FEATURE(AES); FEATURE(ERMS);
  FEATURE(CLMUL); FEATURE(BMI1); FEATURE(BMI2); FEATURE(ADX); FEATURE(AVX512F); FEATURE(AVX512DQ);
  FEATURE(AVX512CD); FEATURE(AVX512BW); FEATURE(AVX512VL); FEATURE(SHA); FEATURE(FMA); FEATURE(F16C);
  FEATURE(RDTSCP); FEATURE(RDPID); FEATURE(FLUSH); FEATURE(FLUSHOPT); FEATURE(CLWB); FEATURE(HV);
  FEATURE(GFNI); FEATURE(SERIALIZE); FEATURE(PKU); FEATURE(FSRM); FEATURE(AVX512_VNNI);
  FEATURE(AVX512_VBMI); FEATURE(AVX512_VBMI2); FEATURE(AVX512_BITALG); FEATURE(AVX512_VPOPCNTDQ);
  FEATURE(AVX512_IFMA); FEATURE(SSE4A); FEATURE(AMD_3DNOW_PREFETCH);
  printf("containerized %d\n", svm_container_initialize(240100));
  printf("memory %ld\n", svm_container_memory_limit_in_bytes());
  printf("memory+swap %ld\n", svm_container_memory_and_swap_limit_in_bytes());
  printf("processors %d\n", svm_container_active_processor_count());
  if (svm_initialize_locale() != SVM_LOCALE_INITIALIZATION_SUCCEEDED) return 1;
  svm_locale_props_t *l = svm_get_locale();
  printf("locale %s/%s\n", l->format_language ? l->format_language : "-",
         l->format_country ? l->format_country : "-");
  char *tz = SVM_FindJavaTZmd(NULL, 0);
  printf("tz %s\n", tz ? tz : "-");
  return 0;
}
