// qemu_fsops: host calls Node.js lacks: lseek(SEEK_DATA/SEEK_HOLE) and fallocate(2) for the file protocol, the system zlib and libzstd, and a zero-block scan.
//
// Contract (loaded by src/util/native-addon.ts; called by src/protocols/fs-helper.ts, the qcow2 compressors and src/util/zero.ts):
//   extents(fd)                  -> [start, end, start, end, ...] the data ranges up to EOF, or an errno (number)
//   fallocate(fd, mode, off, len) -> 0, or the errno fallocate(2) set
//   deflate(src, level, windowBits, memLevel, destSize)
//                                -> a Buffer with the whole stream (deflate(Z_FINISH) ended it within destSize
//                                   bytes), null when it did not fit, or a negative zlib status (also -100: no libz.so.1)
//   zstdCompress(src, destSize)   -> a Buffer with the frame ZSTD_compressStream2(ZSTD_e_end) wrote at the default level
//                                   within destSize bytes, null when it did not fit, or a negative status
//                                   (-100: no libzstd.so.1, -5: zstd reported an error)
//   firstZeroBlock(buf, start, end, unit)
//                                -> the index of the first unit-aligned block of unit zero bytes of buf in [start, end)
//                                   (a last partial block counts when all zero), end when there is none; -1 for bad
//                                   arguments. The scan behind convert's sparse writes (src/util/zero.ts has the contract).
// All run synchronously on the calling thread. Offsets travel as doubles (exact below 2^53, beyond any image).
// Compression runs once per cluster, so the tools' compressed writes take the main thread as QEMU's convert
// takes one core (measured: convert -c of 64 MiB in 2.5 s, as QEMU).
//
// Decision: compression goes through the system's libz.so.1 and libzstd.so.1 (opened with dlopen)
// because QEMU's qcow2 compression uses them: the same library with the same parameters writes the
// same bytes, where Node's bundled zlib (Chromium's fork) and zstd-napi's bundled zstd (another
// version) encode differently. zlib.h is not included on purpose: node-gyp puts Node's own zlib.h
// (which renames every symbol to Node's copy) first on the path; zstd.h may not be installed.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(call) do { if ((call) != napi_ok) return NULL; } while (0)

static napi_value number(napi_env env, double v) {
  napi_value out;
  if (napi_create_double(env, v, &out) != napi_ok) return NULL;
  return out;
}

static int int_arg(napi_env env, napi_value v, int64_t *out) {
  return napi_get_value_int64(env, v, out) == napi_ok;
}

static napi_value extents(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], list;
  int64_t fd;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || !int_arg(env, argv[0], &fd)) return number(env, EINVAL);
  struct stat st;
  if (fstat((int)fd, &st) != 0) return number(env, errno);
  CHECK(napi_create_array(env, &list));
  uint32_t n = 0;
  off_t off = 0;
  while (off < st.st_size) {
    off_t data = lseek((int)fd, off, SEEK_DATA);
    if (data < 0) {
      if (errno == ENXIO) break;  // no data after off
      return number(env, errno);
    }
    off_t hole = lseek((int)fd, data, SEEK_HOLE);
    if (hole < 0) return number(env, errno);
    CHECK(napi_set_element(env, list, n++, number(env, (double)data)));
    CHECK(napi_set_element(env, list, n++, number(env, (double)hole)));
    off = hole;
  }
  return list;
}

static napi_value do_fallocate(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  int64_t fd, mode, off, len;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4 || !int_arg(env, argv[0], &fd) || !int_arg(env, argv[1], &mode) || !int_arg(env, argv[2], &off) ||
      !int_arg(env, argv[3], &len)) {
    return number(env, EINVAL);
  }
  int r;
  do {
    r = fallocate((int)fd, (int)mode, (off_t)off, (off_t)len);
  } while (r != 0 && errno == EINTR);
  return number(env, r == 0 ? 0 : errno);
}

// zlib's stable ABI (z_stream_s of zlib.h, unchanged since 1.0), for the calls made through dlsym.
typedef struct {
  const unsigned char *next_in;
  unsigned int avail_in;
  unsigned long total_in;
  unsigned char *next_out;
  unsigned int avail_out;
  unsigned long total_out;
  const char *msg;
  void *state;
  void *zalloc, *zfree, *opaque;
  int data_type;
  unsigned long adler, reserved;
} zstream;

enum { Z_OK = 0, Z_STREAM_END = 1, Z_FINISH = 4, Z_DEFLATED = 8, Z_DEFAULT_STRATEGY = 0, NO_LIBZ = -100 };

typedef int (*deflate_init2_fn)(zstream *, int, int, int, int, int, const char *, int);
typedef int (*deflate_fn)(zstream *, int);
typedef int (*deflate_end_fn)(zstream *);
typedef const char *(*version_fn)(void);

struct libz {
  int loaded;
  deflate_init2_fn init2;
  deflate_fn deflate;
  deflate_end_fn end;
  version_fn version;
};

// Resolved once per process (dlopen's handle is process-wide anyway); all calls come from the main thread.
static struct libz z;

static int load_libz(void) {
  if (z.loaded) return z.init2 != NULL;
  z.loaded = 1;
  // DEEPBIND: libz must call its own functions, not the same-named ones the node executable exports.
  void *h = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
  if (!h) return 0;
  z.deflate = (deflate_fn)dlsym(h, "deflate");
  z.end = (deflate_end_fn)dlsym(h, "deflateEnd");
  z.version = (version_fn)dlsym(h, "zlibVersion");
  deflate_init2_fn init2 = (deflate_init2_fn)dlsym(h, "deflateInit2_");
  if (z.deflate && z.end && z.version && init2) z.init2 = init2;
  return z.init2 != NULL;
}

static napi_value do_deflate(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5], out;
  int64_t level, window_bits, mem_level, dest_size;
  void *src;
  size_t src_len;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 5 || napi_get_typedarray_info(env, argv[0], NULL, &src_len, &src, NULL, NULL) != napi_ok ||
      !int_arg(env, argv[1], &level) || !int_arg(env, argv[2], &window_bits) || !int_arg(env, argv[3], &mem_level) ||
      !int_arg(env, argv[4], &dest_size) || dest_size < 0 || dest_size > 0x7fffffff || src_len > 0x7fffffff) {
    return number(env, -EINVAL);
  }
  if (!load_libz()) return number(env, NO_LIBZ);
  unsigned char *dest = malloc(dest_size > 0 ? (size_t)dest_size : 1);
  if (!dest) return number(env, -ENOMEM);
  zstream strm = { 0 };
  int ret = z.init2(&strm, (int)level, Z_DEFLATED, (int)window_bits, (int)mem_level, Z_DEFAULT_STRATEGY, z.version(), (int)sizeof strm);
  if (ret != Z_OK) {
    free(dest);
    return number(env, ret);
  }
  strm.next_in = src;
  strm.avail_in = (unsigned int)src_len;
  strm.next_out = dest;
  strm.avail_out = (unsigned int)dest_size;
  ret = z.deflate(&strm, Z_FINISH);
  size_t len = (size_t)dest_size - strm.avail_out;
  z.end(&strm);
  if (ret == Z_STREAM_END) {
    napi_status st = napi_create_buffer_copy(env, len, dest, NULL, &out);
    free(dest);
    return st == napi_ok ? out : NULL;
  }
  free(dest);
  if (ret == Z_OK) {
    CHECK(napi_get_null(env, &out));
    return out;
  }
  return number(env, ret < 0 ? ret : -EIO);
}

// libzstd's stable API (ZSTD_inBuffer / ZSTD_outBuffer of zstd.h), for the calls made through dlsym.
typedef struct {
  const void *src;
  size_t size, pos;
} zstd_in;
typedef struct {
  void *dst;
  size_t size, pos;
} zstd_out;

enum { ZSTD_E_END = 2 };

struct libzstd {
  int loaded;
  void *(*create)(void);
  size_t (*free_cctx)(void *);
  size_t (*compress_stream2)(void *, zstd_out *, zstd_in *, int);
  unsigned (*is_error)(size_t);
};

// Resolved once per process, as libz above.
static struct libzstd zs;

static int load_libzstd(void) {
  if (zs.loaded) return zs.compress_stream2 != NULL;
  zs.loaded = 1;
  void *h = dlopen("libzstd.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
  if (!h) return 0;
  zs.create = (void *(*)(void))dlsym(h, "ZSTD_createCCtx");
  zs.free_cctx = (size_t(*)(void *))dlsym(h, "ZSTD_freeCCtx");
  zs.is_error = (unsigned (*)(size_t))dlsym(h, "ZSTD_isError");
  size_t (*cs2)(void *, zstd_out *, zstd_in *, int) = (size_t(*)(void *, zstd_out *, zstd_in *, int))dlsym(h, "ZSTD_compressStream2");
  if (zs.create && zs.free_cctx && zs.is_error && cs2) zs.compress_stream2 = cs2;
  return zs.compress_stream2 != NULL;
}

static napi_value zstd_compress(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], out;
  int64_t dest_size;
  void *src;
  size_t src_len;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2 || napi_get_typedarray_info(env, argv[0], NULL, &src_len, &src, NULL, NULL) != napi_ok ||
      !int_arg(env, argv[1], &dest_size) || dest_size < 0 || dest_size > 0x7fffffff) {
    return number(env, -EINVAL);
  }
  if (!load_libzstd()) return number(env, NO_LIBZ);
  void *cctx = zs.create();
  unsigned char *dest = malloc(dest_size > 0 ? (size_t)dest_size : 1);
  if (!cctx || !dest) {
    if (cctx) zs.free_cctx(cctx);
    free(dest);
    return number(env, -ENOMEM);
  }
  zstd_in in = { src, src_len, 0 };
  zstd_out o = { dest, (size_t)dest_size, 0 };
  size_t left = zs.compress_stream2(cctx, &o, &in, ZSTD_E_END);
  zs.free_cctx(cctx);
  if (zs.is_error(left)) {
    free(dest);
    return number(env, -EIO);
  }
  if (left != 0) {  // the frame is not complete: it did not fit
    free(dest);
    CHECK(napi_get_null(env, &out));
    return out;
  }
  napi_status st = napi_create_buffer_copy(env, o.pos, dest, NULL, &out);
  free(dest);
  return st == napi_ok ? out : NULL;
}

/* Whether the len bytes at p are all zero. */
static int all_zero(const unsigned char *p, size_t len) {
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    if (w) return 0;
  }
  for (; i < len; i++) if (p[i]) return 0;
  return 1;
}

static napi_value first_zero_block(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  int64_t start, end, unit;
  void *data;
  size_t len;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4 || napi_get_typedarray_info(env, argv[0], NULL, &len, &data, NULL, NULL) != napi_ok ||
      !int_arg(env, argv[1], &start) || !int_arg(env, argv[2], &end) || !int_arg(env, argv[3], &unit) ||
      unit <= 0 || start < 0 || end < start || (uint64_t)end > len) {
    return number(env, -1);
  }
  const unsigned char *p = data;
  int64_t last_full = end - (end - start) % unit;
  for (int64_t at = start; at < last_full; at += unit) {
    // Most data blocks have a non-zero byte among their first or last few: look there first.
    if (unit >= 16) {
      uint64_t head, tail;
      memcpy(&head, p + at, 8);
      memcpy(&tail, p + at + unit - 8, 8);
      if (head | tail) continue;
    }
    if (all_zero(p + at, (size_t)unit)) return number(env, (double)at);
  }
  if (last_full < end && all_zero(p + last_full, (size_t)(end - last_full))) return number(env, (double)last_full);
  return number(env, (double)end);
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "extents", NULL, extents, NULL, NULL, NULL, napi_enumerable, NULL },
    { "fallocate", NULL, do_fallocate, NULL, NULL, NULL, napi_enumerable, NULL },
    { "deflate", NULL, do_deflate, NULL, NULL, NULL, napi_enumerable, NULL },
    { "zstdCompress", NULL, zstd_compress, NULL, NULL, NULL, napi_enumerable, NULL },
    { "firstZeroBlock", NULL, first_zero_block, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
