# -*- Python -*-
# The parcheck lit suite. Paths come from the generated lit.site.cfg.py.
import os
import shutil
import subprocess

import lit.formats
import lit.util

config.name = "parcheck"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "Unit", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.parcheck_obj_root, "test")

# FileCheck, not, count, split-file come from LLVM 19; our own tools come first.
path = os.pathsep.join([config.parcheck_tools_dir, config.llvm_tools_dir,
                        config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["PATH"] = path
for var in ("PARCHECK_OPTIONS", "TSAN_OPTIONS", "LD_PRELOAD"):
    config.environment.pop(var, None)
# Tests must not depend on the caller's terminal.
config.environment["TERM"] = "dumb"
config.environment["LC_ALL"] = "C"

tools = config.parcheck_tools_dir
libs = config.parcheck_lib_dir
python = "/usr/bin/python3"
sarif_schema = os.path.join(config.shared_dir, "sarif", "sarif-schema-2.1.0.json")

config.substitutions.extend([
    ("%parcheck-crosscheck", os.path.join(tools, "parcheck-crosscheck")),
    ("%parcheck-run", os.path.join(tools, "parcheck-run")),
    ("%parcheck_rt_static", os.path.join(libs, "libparcheck_rt_static.a")),
    ("%parcheck_rt", os.path.join(libs, "libparcheck_rt.so")),
    ("%parcheck", os.path.join(tools, "parcheck")),
    ("%env_parcheck_opts=", "env PARCHECK_OPTIONS="),
    ("%clangxx", config.cxx_compiler),
    ("%clang", config.c_compiler),
    ("%python", python),
    ("%sarif_schema", sarif_schema),
    ("%samples", os.path.join(config.parcheck_src_root, "samples")),
    ("%srcroot", config.parcheck_src_root),
    ("%testinputs", os.path.join(config.test_source_root, "Inputs")),
])

# Features.
if os.path.exists(sarif_schema):
    config.available_features.add("sarif-schema")
try:
    import importlib
    subprocess.run([python, "-c", "import jsonschema"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    config.available_features.add("jsonschema")
except Exception:
    pass
resdir = subprocess.run([config.cxx_compiler, "-print-resource-dir"], capture_output=True,
                        text=True).stdout.strip()
if resdir and any(n.startswith("libclang_rt.tsan") for n in
                  os.listdir(os.path.join(resdir, "lib", "linux")) if os.path.isdir(
                      os.path.join(resdir, "lib", "linux"))):
    config.available_features.add("tsan")
if shutil.which("valgrind"):
    config.available_features.add("valgrind")
