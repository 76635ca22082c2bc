/*
 * The CPU feature record of com.oracle.svm.core.riscv64.RISCV64LibCHelper.CPUFeatures (written
 * for phpod from that declaration). The builder queries it on every platform; phpod's toolchain
 * builds for amd64 only, so no riscv64 detection is compiled.
 */
#ifndef PHPOD_RISCV64CPUFEATURES_H
#define PHPOD_RISCV64CPUFEATURES_H

typedef struct {
  char fI, fM, fA, fF, fD, fC, fV;
} CPUFeatures;

#endif
