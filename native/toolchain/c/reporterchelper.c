/*
 * libreporterchelper.so for phpod's assembled native-image toolchain: the two natives the
 * builder's progress report calls while it builds (written for phpod from the declarations in
 * com.oracle.svm.hosted.ProgressReporterCHelper).
 */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

/* The builder's peak resident set, in bytes. */
JNIEXPORT jlong JNICALL
Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass cls) {
  (void) env; (void) cls;
  struct rusage usage;
  return getrusage(RUSAGE_SELF, &usage) == 0 ? (jlong) usage.ru_maxrss * 1024 : -1;
}

/* Columns of the terminal on standard output; 0 when it is not one. */
JNIEXPORT jint JNICALL
Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env, jclass cls) {
  (void) env; (void) cls;
  struct winsize size;
  return ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}
