/*
 * libjvm.a for phpod's assembled native-image toolchain: the few JVM_ and jio_ functions the
 * JDK's static libraries call that a native image does not define itself (the linker names
 * them: zip's raw monitors, net's library lookup, the shutdown hooks, JMM), plus shims between
 * the parts this toolchain joins (written for phpod). Definitions are weak, so a symbol the
 * image defines wins.
 *   - Debian 13's static JDK libraries were compiled against glibc 2.38, whose C23 scanf and
 *     strtol carry new names; on an older glibc these map to the classic functions (the only
 *     difference, C23's 0b binary prefix, is not used by the JDK).
 *   - Temurin 25.0.3's java.io.Console calls ttyStatus, which 25.0.2's libjava.a lacks.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define WEAK __attribute__((weak))

WEAK int __isoc23_sscanf(const char *s, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vsscanf(s, format, ap);
  va_end(ap);
  return r;
}

WEAK int __isoc23_fscanf(FILE *stream, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vfscanf(stream, format, ap);
  va_end(ap);
  return r;
}

WEAK long __isoc23_strtol(const char *s, char **end, int base) { return strtol(s, end, base); }

/* Bits 1, 2 and 4: standard input, output and error are terminals (java.io.Console). */
WEAK JNIEXPORT jint JNICALL Java_java_io_Console_ttyStatus(JNIEnv *env, jclass cls) {
  (void) env; (void) cls;
  return (isatty(0) ? 1 : 0) | (isatty(1) ? 2 : 0) | (isatty(2) ? 4 : 0);
}

WEAK int jio_vsnprintf(char *buf, size_t len, const char *format, va_list args) {
  if (len == 0) return -1;
  int r = vsnprintf(buf, len, format, args);
  return r >= (int) len ? -1 : r; /* truncated output counts as failure, as in the JDK */
}

WEAK int jio_snprintf(char *buf, size_t len, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = jio_vsnprintf(buf, len, format, ap);
  va_end(ap);
  return r;
}

WEAK int jio_fprintf(FILE *stream, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vfprintf(stream, format, ap);
  va_end(ap);
  return r;
}

WEAK jlong JVM_CurrentTimeMillis(JNIEnv *env, jclass ignored) {
  (void) env; (void) ignored;
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (jlong) t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

WEAK jlong JVM_NanoTime(JNIEnv *env, jclass ignored) {
  (void) env; (void) ignored;
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (jlong) t.tv_sec * 1000000000L + t.tv_nsec;
}

WEAK jint JVM_ActiveProcessorCount(void) { return (jint) sysconf(_SC_NPROCESSORS_ONLN); }

/* Called once as the image starts; nothing here keeps state that needs it. */
WEAK void initialize(void) {}

WEAK void *JVM_FindLibraryEntry(void *handle, const char *name) { return dlsym(handle, name); }

/* Linux paths need no conversion. */
WEAK char *JVM_NativePath(char *path) { return path; }

/* Shutdown: the image runs its Java shutdown hooks itself before it halts. */
WEAK void JVM_BeforeHalt(void) {}
WEAK void JVM_Halt(jint code) { exit(code); }

/* Raw monitors: recursive mutexes (zip's entry cache is guarded by one). */
WEAK void *JVM_RawMonitorCreate(void) {
  pthread_mutex_t *m = malloc(sizeof *m);
  pthread_mutexattr_t attr;
  if (m == NULL) return NULL;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
  return m;
}

WEAK void JVM_RawMonitorDestroy(void *monitor) {
  pthread_mutex_destroy(monitor);
  free(monitor);
}

WEAK jint JVM_RawMonitorEnter(void *monitor) { return pthread_mutex_lock(monitor); }
WEAK void JVM_RawMonitorExit(void *monitor) { pthread_mutex_unlock(monitor); }

/* The JVM's management interface (JMM): a native image has none; libmanagement_ext's loader asks
   for it, and a null answer makes it report the interface missing instead of calling into it. */
WEAK void *JVM_GetManagement(jint version) {
  (void) version;
  return NULL;
}
