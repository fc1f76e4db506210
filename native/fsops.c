// qemu_fsops: the two host file calls Node.js lacks, for the file protocol: lseek(SEEK_DATA/SEEK_HOLE) and fallocate(2).
//
// Contract (src/protocols/native-fsops.ts is the only caller):
//   extents(fd)                  -> [start, end, start, end, ...] the data ranges up to EOF, or an errno (number)
//   fallocate(fd, mode, off, len) -> 0, or the errno fallocate(2) set
// Both run synchronously on the calling thread: each is a metadata call that returns in microseconds
// for the ranges the tools ask about. Offsets travel as doubles (exact below 2^53, beyond any image).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>
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

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "extents", NULL, extents, NULL, NULL, NULL, napi_enumerable, NULL },
    { "fallocate", NULL, do_fallocate, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
