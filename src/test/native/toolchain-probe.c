/*
 * Test driver for NativeToolchainIT: links the assembled toolchain's liblibchelper.a and
 * libsvm_container.a as a native image does and prints what they report, one "key value" per
 * line, so the test can compare them with the kernel's own view.
 */
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

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "check") == 0) return check(argv[2]);
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
