/*
 * The CPU feature record the native-image builder reads on amd64 (written for phpod from the
 * builder's own declaration, com.oracle.svm.core.amd64.AMD64LibCHelper.CPUFeatures: one byte
 * per feature, in the declaration's order; the builder learns each field's offset and size by
 * compiling a query against this header, so names matter and order does not).
 */
#ifndef PHPOD_AMD64CPUFEATURES_H
#define PHPOD_AMD64CPUFEATURES_H

typedef struct {
  char fCX8, fCMOV, fFXSR, fHT, fMMX, fAMD_3DNOW_PREFETCH, fSSE, fSSE2, fSSE3, fSSSE3, fSSE4A,
       fSSE4_1, fSSE4_2, fPOPCNT, fLZCNT, fTSC, fTSCINV, fTSCINV_BIT, fAVX, fAVX2, fAES, fERMS,
       fCLMUL, fBMI1, fBMI2, fRTM, fADX, fAVX512F, fAVX512DQ, fAVX512PF, fAVX512ER, fAVX512CD,
       fAVX512BW, fAVX512VL, fSHA, fFMA, fVZEROUPPER, fAVX512_VPOPCNTDQ, fAVX512_VPCLMULQDQ,
       fAVX512_VAES, fAVX512_VNNI, fFLUSH, fFLUSHOPT, fCLWB, fAVX512_VBMI2, fAVX512_VBMI, fHV,
       fSERIALIZE, fRDTSCP, fRDPID, fFSRM, fGFNI, fAVX512_BITALG, fPKU, fOSPKE, fCET_IBT,
       fCET_SS, fF16C, fAVX512_IFMA, fAVX_IFMA, fAPX_F, fSHA512, fAVX512_FP16, fAVX10_1,
       fAVX10_2;
} CPUFeatures;

/* Fills *features from cpuid and what the operating system enables (xgetbv). */
void determineCPUFeatures(CPUFeatures *features);
/* 0 when this CPU has every feature the image needs. The builder's mask is the record padded to
   whole 64-bit words, 0xFE at each needed feature and 0xFF elsewhere. */
int checkCPUFeatures(const unsigned char *mask);
/* As checkCPUFeatures, but prints message to stderr and exits with status 1 on a missing one. */
int checkCPUFeaturesOrExit(const unsigned char *mask, const char *message);

#endif
