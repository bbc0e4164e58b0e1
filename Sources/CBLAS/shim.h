#include <cblas.h>
#include <lapacke.h>
/* Declared by OpenBLAS; reports the kernel chosen at run time (e.g. "Haswell"). */
char *openblas_get_corename(void);
