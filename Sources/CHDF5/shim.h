// HDF5's H5T_NATIVE_*, H5P_*, H5F_ACC_* and H5E_DEFAULT are macros (often expanding to a call to H5open and a
// global id) that Swift cannot import; these one-line inline functions expose them.
#ifndef RACKTWIN_CHDF5_SHIM_H
#define RACKTWIN_CHDF5_SHIM_H
#include <stdio.h>
#include <hdf5.h>

static inline hid_t rt_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t rt_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t rt_H5T_NATIVE_INT8(void) { return H5T_NATIVE_INT8; }
static inline hid_t rt_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t rt_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t rt_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t rt_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t rt_H5T_C_S1(void) { return H5T_C_S1; }
static inline hid_t rt_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t rt_H5P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
static inline hid_t rt_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t rt_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t rt_H5P_GROUP_CREATE(void) { return H5P_GROUP_CREATE; }
static inline hid_t rt_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t rt_H5E_DEFAULT(void) { return H5E_DEFAULT; }
static inline unsigned rt_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned rt_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned rt_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned rt_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline size_t rt_H5T_VARIABLE(void) { return H5T_VARIABLE; }
/// Silences HDF5's automatic error stack printing; callers report errors themselves.
static inline void rt_H5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
static inline hid_t rt_H5P_LINK_CREATE(void) { return H5P_LINK_CREATE; }

typedef struct { char *buf; size_t size; int found; } rt_H5_error_walk_t;
static herr_t rt_H5_error_walk_cb(unsigned n, const H5E_error2_t *err, void *data) {
  rt_H5_error_walk_t *w = (rt_H5_error_walk_t *)data;
  (void)n;
  if (!w->found && err->desc && err->desc[0]) {
    snprintf(w->buf, w->size, "%s", err->desc);
    w->found = 1;
  }
  return 0;
}
/// Copies the most specific description on the current HDF5 error stack into `buf` (NUL-terminated);
/// returns 1 when there was one. Call right after the failing HDF5 call: the next API call clears the stack.
static inline int rt_H5_innermost_error(char *buf, size_t size) {
  rt_H5_error_walk_t w = { buf, size, 0 };
  if (size > 0) buf[0] = 0;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, rt_H5_error_walk_cb, &w);
  return w.found;
}
#endif
