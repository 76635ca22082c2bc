/*
 * libsvm_container.a for phpod's assembled native-image toolchain: the container resource
 * limits a native image sizes its heap and its processor count by. Written for phpod from the
 * builder's declarations (com.oracle.svm.core.container.ContainerLibrary, interface version
 * 240100) and the kernel's cgroup v1 and v2 documentation. It reads the limits of the
 * process's own cgroup, walking up the hierarchy to the tightest one, as a JVM does.
 * Values: bytes or a count; -1 means no limit, -2 that the value could not be read.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VERSION 240100
#define UNLIMITED (-1L)
#define ERROR (-2L)

static int cgroup_version;                 /* 0 none found, 1 or 2 */
static char memory_dir[PATH_MAX], cpu_dir[PATH_MAX], memory_mount[PATH_MAX], cpu_mount[PATH_MAX];

/* Whether the comma-separated list holds token exactly ("cpu" is not "cpuacct"). */
static int has_token(const char *list, const char *token) {
  size_t n = strlen(token);
  for (const char *p = list; p != NULL; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
    if (strncmp(p, token, n) == 0 && (p[n] == ',' || p[n] == 0 || p[n] == '\n')) return 1;
  return 0;
}

/* The folder of this process's cgroup for a v1 controller, or of the unified (v2) tree when
   controller is NULL; its mount point in mount. */
static int find_dir(const char *controller, char *out, char *mount) {
  char line[4096], root[PATH_MAX] = "", path[PATH_MAX] = "";
  FILE *f = fopen("/proc/self/mountinfo", "r");
  if (f == NULL) return 0;
  *mount = 0;
  while (fgets(line, sizeof line, f)) {
    char r[PATH_MAX], m[PATH_MAX], *sep = strstr(line, " - "), type[64], opts[1024];
    if (sep == NULL || sscanf(line, "%*d %*d %*s %4095s %4095s", r, m) != 2) continue;
    if (sscanf(sep + 3, "%63s %*s %1023s", type, opts) != 2) continue;
    if (controller == NULL ? strcmp(type, "cgroup2") == 0
                           : strcmp(type, "cgroup") == 0 && has_token(opts, controller)) {
      snprintf(root, sizeof root, "%s", r);
      snprintf(mount, PATH_MAX, "%s", m);
      break;
    }
  }
  fclose(f);
  if (!*mount) return 0;
  if ((f = fopen("/proc/self/cgroup", "r")) == NULL) return 0;
  while (fgets(line, sizeof line, f)) { /* "id:controllers:path" */
    char *c = strchr(line, ':'), *p = c ? strchr(c + 1, ':') : NULL;
    if (p == NULL) continue;
    *p = 0;
    p[1 + strcspn(p + 1, "\n")] = 0;
    int match = controller == NULL ? strcmp(line, "0") == 0 && c[1] == 0 : has_token(c + 1, controller);
    if (match) { snprintf(path, sizeof path, "%s", p + 1); break; }
  }
  fclose(f);
  const char *rel = path;                 /* the path as seen below the mount's root */
  size_t n = strlen(root);
  if (strcmp(root, "/") != 0 && strncmp(path, root, n) == 0) rel = path + n;
  snprintf(out, PATH_MAX, "%s%s", mount, strcmp(rel, "/") == 0 ? "" : rel);
  if (access(out, R_OK) != 0) snprintf(out, PATH_MAX, "%s", mount);
  return 1;
}

/* A number from dir/file; "max" and v1's huge "no limit" are UNLIMITED. */
static long read_value(const char *dir, const char *file) {
  char path[PATH_MAX + 64], buf[64];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "r");
  if (f == NULL) return ERROR;
  char *s = fgets(buf, sizeof buf, f);
  fclose(f);
  if (s == NULL) return ERROR;
  if (strncmp(s, "max", 3) == 0) return UNLIMITED;
  long long v = strtoll(s, NULL, 10);
  return v < 0 || v >= LONG_MAX / 2 ? UNLIMITED : (long) v;
}

/* The tightest limit from the process's cgroup up to the controller's mount point. */
static long read_limit(const char *dir, const char *mount, const char *file) {
  char d[PATH_MAX];
  long best = ERROR;
  snprintf(d, sizeof d, "%s", dir);
  for (;;) {
    long v = read_value(d, file);
    if (v >= 0 && (best < 0 || v < best)) best = v;
    else if (v == UNLIMITED && best == ERROR) best = UNLIMITED;
    char *slash = strrchr(d, '/');
    if (strcmp(d, mount) == 0 || slash == NULL || slash == d) break;
    *slash = 0;
  }
  return best;
}

static long read_stat(const char *dir, const char *key) {
  char path[PATH_MAX + 64], name[64];
  long long v;
  snprintf(path, sizeof path, "%s/memory.stat", dir);
  FILE *f = fopen(path, "r");
  if (f == NULL) return ERROR;
  while (fscanf(f, "%63s %lld", name, &v) == 2)
    if (strcmp(name, key) == 0) { fclose(f); return (long) v; }
  fclose(f);
  return ERROR;
}

static long host_memory(void) { return sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE); }

/* Version 1 when the memory controller is mounted as cgroup v1 (also on hybrid hosts, whose
   unified tree then holds no memory controller), else version 2 when a unified tree is there. */
int svm_container_initialize(int version) {
  if (version < VERSION) return 3; /* the image is newer than this library knows */
  if (version > VERSION) return 2;
  if (find_dir("memory", memory_dir, memory_mount)) {
    if (!find_dir("cpu", cpu_dir, cpu_mount)) *cpu_dir = 0;
    cgroup_version = 1;
  } else if (find_dir(NULL, memory_dir, memory_mount)) {
    snprintf(cpu_dir, sizeof cpu_dir, "%s", memory_dir);
    cgroup_version = 2;
  }
  return cgroup_version ? 1 : 0;
}

size_t svm_container_physical_memory(void) { return (size_t) host_memory(); }

long svm_container_memory_limit_in_bytes(void) {
  long v = read_limit(memory_dir, memory_mount, cgroup_version == 2 ? "memory.max" : "memory.limit_in_bytes");
  return v >= host_memory() ? UNLIMITED : v;
}

long svm_container_memory_and_swap_limit_in_bytes(void) {
  if (cgroup_version == 1) return read_limit(memory_dir, memory_mount, "memory.memsw.limit_in_bytes");
  long mem = svm_container_memory_limit_in_bytes(), swap = read_limit(memory_dir, memory_mount, "memory.swap.max");
  if (mem < 0) return mem;
  return swap == UNLIMITED ? UNLIMITED : swap < 0 ? mem : mem + swap;
}

long svm_container_memory_soft_limit_in_bytes(void) {
  long v = read_value(memory_dir, cgroup_version == 2 ? "memory.low" : "memory.soft_limit_in_bytes");
  return v == 0 ? UNLIMITED : v;
}

long svm_container_memory_usage_in_bytes(void) {
  return read_value(memory_dir, cgroup_version == 2 ? "memory.current" : "memory.usage_in_bytes");
}

long svm_container_memory_max_usage_in_bytes(void) {
  return read_value(memory_dir, cgroup_version == 2 ? "memory.peak" : "memory.max_usage_in_bytes");
}

long svm_container_rss_usage_in_bytes(void) {
  return read_stat(memory_dir, cgroup_version == 2 ? "anon" : "rss");
}

long svm_container_cache_usage_in_bytes(void) {
  return read_stat(memory_dir, cgroup_version == 2 ? "file" : "cache");
}

/* Processors this process may use: its CPU affinity, capped by a CFS quota if one is set. */
int svm_container_active_processor_count(void) {
  cpu_set_t set;
  int cpus = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                         : (int) sysconf(_SC_NPROCESSORS_ONLN);
  long quota = UNLIMITED, period = 0;
  if (cgroup_version == 2) {
    char path[PATH_MAX + 16], buf[64];
    snprintf(path, sizeof path, "%s/cpu.max", cpu_dir);
    FILE *f = fopen(path, "r");
    if (f != NULL) {
      if (fgets(buf, sizeof buf, f) && strncmp(buf, "max", 3) != 0) sscanf(buf, "%ld %ld", &quota, &period);
      fclose(f);
    }
  } else if (cgroup_version == 1 && *cpu_dir) {
    quota = read_value(cpu_dir, "cpu.cfs_quota_us");
    period = read_value(cpu_dir, "cpu.cfs_period_us");
  }
  if (quota > 0 && period > 0) {
    int limit = (int) ((quota + period - 1) / period);
    if (limit < cpus) cpus = limit;
  }
  return cpus < 1 ? 1 : cpus;
}
