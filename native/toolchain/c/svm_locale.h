/*
 * The locale record the native-image runtime asks for at start (written for phpod from the
 * builder's declaration com.oracle.svm.core.c.locale.LocaleCHelper: struct svm_locale_props_t
 * and its two result constants).
 */
#ifndef PHPOD_SVM_LOCALE_H
#define PHPOD_SVM_LOCALE_H

#define SVM_LOCALE_INITIALIZATION_SUCCEEDED 0
#define SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY 1

typedef struct {
  char *display_language, *display_script, *display_country, *display_variant;
  char *format_language, *format_script, *format_country, *format_variant;
} svm_locale_props_t;

int svm_initialize_locale(void);
svm_locale_props_t *svm_get_locale(void);

#endif
