{
  "targets": [
    {
      "target_name": "qemu_fsops",
      "sources": ["native/fsops.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "defines": ["NAPI_VERSION=8"],
      "libraries": ["-ldl"]
    }
  ]
}
