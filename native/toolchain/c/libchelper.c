/*
 * liblibchelper.a for phpod's assembled native-image toolchain: the small C helpers a native
 * image calls, written for phpod from the builder's @CFunction declarations (svm 25.0.2).
 * Nothing here is copied from GraalVM; each function does what its declaration and the Linux
 * or x86 documentation say.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "amd64cpufeatures.h"
#include "svm_locale.h"

extern char **environ;

char **getEnviron(void) { return environ; }

/* x86 keeps instruction and data caches coherent: nothing to flush. */
void codeSynchronization_clearCache(uintptr_t start, uintptr_t size) { (void) start; (void) size; }

/* ---- CPU features (Intel SDM vol. 2A, CPUID; AMD APM vol. 3) ---- */

static void cpuid(unsigned leaf, unsigned sub, unsigned r[4]) {
  r[0] = r[1] = r[2] = r[3] = 0;
  __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
}

#define BIT(v, n) ((char) (((v) >> (n)) & 1u))

void determineCPUFeatures(CPUFeatures *f) {
  unsigned r[4], max, maxExt, l1[4], l7[4] = {0}, l71[4] = {0};
  unsigned long long xcr0 = 0;
  memset(f, 0, sizeof *f);
  cpuid(0, 0, r);
  max = r[0];
  cpuid(1, 0, l1);
  if (max >= 7) { cpuid(7, 0, l7); if (l7[0] >= 1) cpuid(7, 1, l71); }
  cpuid(0x80000000u, 0, r);
  maxExt = r[0];
  if (BIT(l1[2], 27)) { /* OSXSAVE: the OS says which register states it saves */
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = ((unsigned long long) hi << 32) | lo;
  }
  int avxOs = (xcr0 & 0x6) == 0x6, avx512Os = avxOs && (xcr0 & 0xe0) == 0xe0;
  int apxOs = (xcr0 >> 19) & 1;

  f->fTSC = BIT(l1[3], 4);   f->fCX8 = BIT(l1[3], 8);    f->fCMOV = BIT(l1[3], 15);
  f->fFLUSH = BIT(l1[3], 19); f->fMMX = BIT(l1[3], 23);  f->fFXSR = BIT(l1[3], 24);
  f->fSSE = BIT(l1[3], 25);  f->fSSE2 = BIT(l1[3], 26);  f->fHT = BIT(l1[3], 28);
  f->fSSE3 = BIT(l1[2], 0);  f->fCLMUL = BIT(l1[2], 1);  f->fSSSE3 = BIT(l1[2], 9);
  f->fSSE4_1 = BIT(l1[2], 19); f->fSSE4_2 = BIT(l1[2], 20); f->fPOPCNT = BIT(l1[2], 23);
  f->fAES = BIT(l1[2], 25);  f->fHV = BIT(l1[2], 31);
  if (avxOs) {
    f->fAVX = BIT(l1[2], 28); f->fFMA = BIT(l1[2], 12); f->fF16C = BIT(l1[2], 29);
    f->fAVX2 = BIT(l7[1], 5); f->fVZEROUPPER = f->fAVX;
    f->fAVX_IFMA = BIT(l71[0], 23);
    f->fAVX512_VPCLMULQDQ = BIT(l7[2], 10); f->fAVX512_VAES = BIT(l7[2], 9);
  }
  if (avx512Os) {
    f->fAVX512F = BIT(l7[1], 16); f->fAVX512DQ = BIT(l7[1], 17); f->fAVX512_IFMA = BIT(l7[1], 21);
    f->fAVX512PF = BIT(l7[1], 26); f->fAVX512ER = BIT(l7[1], 27); f->fAVX512CD = BIT(l7[1], 28);
    f->fAVX512BW = BIT(l7[1], 30); f->fAVX512VL = BIT(l7[1], 31);
    f->fAVX512_VBMI = BIT(l7[2], 1); f->fAVX512_VBMI2 = BIT(l7[2], 6);
    f->fAVX512_VNNI = BIT(l7[2], 11); f->fAVX512_BITALG = BIT(l7[2], 12);
    f->fAVX512_VPOPCNTDQ = BIT(l7[2], 14); f->fAVX512_FP16 = BIT(l7[3], 23);
    if (BIT(l71[3], 19) && max >= 0x24) {       /* AVX10: version in leaf 0x24 */
      cpuid(0x24, 0, r);
      f->fAVX10_1 = (r[1] & 0xff) >= 1; f->fAVX10_2 = (r[1] & 0xff) >= 2;
    }
  } else {
    f->fAVX512_VPCLMULQDQ = f->fAVX512_VAES = 0; /* only counted with AVX-512 state */
  }
  f->fBMI1 = BIT(l7[1], 3);  f->fBMI2 = BIT(l7[1], 8);   f->fERMS = BIT(l7[1], 9);
  f->fRTM = BIT(l7[1], 11);  f->fADX = BIT(l7[1], 19);   f->fFLUSHOPT = BIT(l7[1], 23);
  f->fCLWB = BIT(l7[1], 24); f->fSHA = BIT(l7[1], 29);
  f->fPKU = BIT(l7[2], 3);   f->fOSPKE = BIT(l7[2], 4);  f->fCET_SS = BIT(l7[2], 7);
  f->fGFNI = BIT(l7[2], 8);  f->fRDPID = BIT(l7[2], 22);
  f->fFSRM = BIT(l7[3], 4);  f->fSERIALIZE = BIT(l7[3], 14); f->fCET_IBT = BIT(l7[3], 20);
  f->fSHA512 = avxOs && BIT(l71[0], 0);
  f->fAPX_F = apxOs && BIT(l71[3], 21);
  if (maxExt >= 0x80000001u) {
    cpuid(0x80000001u, 0, r);
    f->fLZCNT = BIT(r[2], 5); f->fSSE4A = BIT(r[2], 6); f->fAMD_3DNOW_PREFETCH = BIT(r[2], 8);
    f->fRDTSCP = BIT(r[3], 27);
  }
  if (maxExt >= 0x80000007u) {
    cpuid(0x80000007u, 0, r);
    f->fTSCINV_BIT = BIT(r[3], 8); f->fTSCINV = f->fTSCINV_BIT;
  }
}

/* The builder's mask holds 0xFE at the offset of each feature the image needs and 0xFF
   elsewhere, padded to whole 64-bit words: a feature byte of 1 fills the missing bit. */
int checkCPUFeatures(const unsigned char *mask) {
  union { CPUFeatures features; unsigned char bytes[(sizeof(CPUFeatures) + 7) / 8 * 8]; } have;
  memset(&have, 0, sizeof have);
  determineCPUFeatures(&have.features);
  for (size_t i = 0; i < sizeof have.bytes; i++)
    if ((unsigned char) (have.bytes[i] | mask[i]) != 0xFF) return 1;
  return 0;
}

int checkCPUFeaturesOrExit(const unsigned char *mask, const char *message) {
  if (checkCPUFeatures(mask) == 0) return 0;
  fputs(message, stderr);
  exit(1);
}

/* ---- locale: language, script, country and variant of LC_CTYPE and LC_MESSAGES ---- */

static svm_locale_props_t locale_props;

/* "ll_CC.codeset@modifier" as POSIX names it. As in the JDK: C and POSIX are en_US, and C.UTF-8
   (C with a codeset) is en with no country. */
static int parse_locale(int category, char **language, char **script, char **country,
                        char **variant) {
  const char *name = setlocale(category, NULL);
  char buf[256], *at, *dot, *us;
  *language = *script = *country = *variant = NULL;
  if (name == NULL || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0 || *name == 0)
    name = "en_US";
  snprintf(buf, sizeof buf, "%s", name);
  if ((at = strchr(buf, '@')) != NULL) *at++ = 0;
  if ((dot = strchr(buf, '.')) != NULL) *dot = 0;
  if ((us = strchr(buf, '_')) != NULL) *us++ = 0;
  if (strcmp(buf, "C") == 0 || strcmp(buf, "POSIX") == 0) snprintf(buf, sizeof buf, "en");
  if ((*language = strdup(buf)) == NULL) return -1;
  if (us && *us && (*country = strdup(us)) == NULL) return -1;
  if (at && *at) {
    /* glibc's script modifiers (sr_RS@latin) are scripts; others are variants */
    if (strcmp(at, "latin") == 0) { if ((*script = strdup("Latn")) == NULL) return -1; }
    else if (strcmp(at, "cyrillic") == 0) { if ((*script = strdup("Cyrl")) == NULL) return -1; }
    else if ((*variant = strdup(at)) == NULL) return -1;
  }
  return 0;
}

int svm_initialize_locale(void) {
  setlocale(LC_ALL, "");
  svm_locale_props_t *p = &locale_props;
  if (parse_locale(LC_CTYPE, &p->format_language, &p->format_script, &p->format_country,
                   &p->format_variant) != 0
      || parse_locale(LC_MESSAGES, &p->display_language, &p->display_script,
                      &p->display_country, &p->display_variant) != 0)
    return SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY;
  return SVM_LOCALE_INITIALIZATION_SUCCEEDED;
}

svm_locale_props_t *svm_get_locale(void) { return &locale_props; }

/* ---- time zone: TZ, then /etc/timezone, then the zoneinfo file /etc/localtime links to ---- */

char *SVM_FindJavaTZmd(const char *tzmappings, int length) {
  (void) tzmappings; (void) length; /* Windows only */
  const char *tz = getenv("TZ");
  char buf[4096];
  if (tz != NULL && *tz) {
    if (*tz == ':') tz++;
    const char *zi = strstr(tz, "zoneinfo/");
    return strdup(zi ? zi + 9 : tz);
  }
  FILE *f = fopen("/etc/timezone", "r");
  if (f != NULL) {
    char *line = fgets(buf, sizeof buf, f);
    fclose(f);
    if (line != NULL) {
      line[strcspn(line, " \t\r\n")] = 0;
      if (*line) return strdup(line);
    }
  }
  ssize_t n = readlink("/etc/localtime", buf, sizeof buf - 1);
  if (n > 0) {
    buf[n] = 0;
    const char *zi = strstr(buf, "zoneinfo/");
    if (zi != NULL) return strdup(zi + 9);
  }
  return NULL; /* the runtime then uses GMT */
}

/* ---- Java-level signal dispatch (sun.misc.Signal): the handler counts, a thread waits ---- */

static sem_t signal_semaphore;
static volatile int pending_signals[NSIG];
static int signal_open;

int cSunMiscSignal_open(void) {
  if (signal_open) return -1;
  if (sem_init(&signal_semaphore, 0, 0) != 0) return -1;
  memset((void *) pending_signals, 0, sizeof pending_signals);
  signal_open = 1;
  return 0;
}

int cSunMiscSignal_close(void) {
  if (!signal_open) return -1;
  signal_open = 0;
  return sem_destroy(&signal_semaphore);
}

int cSunMiscSignal_awaitSemaphore(void) {
  int r;
  while ((r = sem_wait(&signal_semaphore)) != 0 && errno == EINTR) {}
  return r;
}

int cSunMiscSignal_signalSemaphore(void) { return sem_post(&signal_semaphore); }

int cSunMiscSignal_signalRangeCheck(int sig) { return sig > 0 && sig < NSIG; }

/* A signal with a pending count, its count taken down by one; -1 when none is pending. */
int cSunMiscSignal_checkPendingSignal(void) {
  for (int sig = 1; sig < NSIG; sig++) {
    int n = pending_signals[sig];
    while (n > 0) {
      if (__atomic_compare_exchange_n(&pending_signals[sig], &n, n - 1, 0, __ATOMIC_SEQ_CST,
                                      __ATOMIC_SEQ_CST))
        return sig;
    }
  }
  return -1;
}

/* Async-signal-safe: an atomic increment and sem_post only. */
static void dispatch_signal(int sig) {
  if (cSunMiscSignal_signalRangeCheck(sig)) {
    __atomic_add_fetch(&pending_signals[sig], 1, __ATOMIC_SEQ_CST);
    sem_post(&signal_semaphore);
  }
}

void (*cSunMiscSignal_signalHandlerFunctionPointer(void))(int) { return dispatch_signal; }

/* ---- Linux ---- */

int getThreadId(void) { return (int) syscall(SYS_gettid); }

/* User CPU time of a thread of this process in nanoseconds, from /proc (field 14, in ticks). */
long getThreadUserTimeSlow(int tid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
  FILE *f = fopen(path, "r");
  if (f == NULL) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *s = strrchr(buf, ')'); /* the command name may hold spaces and parentheses */
  unsigned long utime;
  if (s == NULL || sscanf(s + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu", &utime) != 1)
    return -1;
  long ticks = sysconf(_SC_CLK_TCK);
  return ticks > 0 ? (long) (utime * (1000000000L / ticks)) : -1;
}

void *mremapP(void *old, size_t oldSize, size_t newSize, int flags, void *newAddress) {
  return mremap(old, oldSize, newSize, flags, newAddress);
}

/* Fixed-arity forms of variadic libc functions, callable without a varargs convention. */
int openSII(const char *path, int flags, int mode) { return open(path, flags, mode); }
int openatISII(int dir, const char *path, int flags, int mode) {
  return openat(dir, path, flags, mode);
}
int fprintfSD(FILE *stream, const char *format, const char *s, int d) {
  return fprintf(stream, format, s, d);
}
