// LAPACKE (column/row-major C interface to LAPACK) and CBLAS, both backed by OpenBLAS on Debian.
// lapack_int is a macro; Swift sees it as Int32.
#ifndef RACKTWIN_CLAPACKE_SHIM_H
#define RACKTWIN_CLAPACKE_SHIM_H
#include <lapacke.h>
#include <cblas.h>
static inline int rt_LAPACK_COL_MAJOR(void) { return LAPACK_COL_MAJOR; }
static inline int rt_LAPACK_ROW_MAJOR(void) { return LAPACK_ROW_MAJOR; }
#endif
