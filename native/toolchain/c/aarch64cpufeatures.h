/*
 * The CPU feature record of com.oracle.svm.core.aarch64.AArch64LibCHelper.CPUFeatures (written
 * for phpod from that declaration). The builder queries it on every platform; phpod's toolchain
 * builds for amd64 only, so no aarch64 detection is compiled.
 */
#ifndef PHPOD_AARCH64CPUFEATURES_H
#define PHPOD_AARCH64CPUFEATURES_H

typedef struct {
  char fFP, fASIMD, fEVTSTRM, fAES, fPMULL, fSHA1, fSHA2, fCRC32, fLSE, fDCPOP, fSHA3, fSHA512,
       fSVE, fSVE2, fSTXR_PREFETCH, fA53MAC, fDMB_ATOMICS, fPACA, fSVEBITPERM, fFPHP, fASIMDHP;
} CPUFeatures;

#endif
