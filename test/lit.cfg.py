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
    ("%parcheck-report", os.path.join(tools, "parcheck-report")),
    ("%parcheck-pre-commit", os.path.join(tools, "parcheck-pre-commit")),
    ("%parcheck_obj_root", config.parcheck_obj_root),
    ("%parcheck_rt_static", os.path.join(libs, "libparcheck_rt_static.a")),
    ("%parcheck_rt", os.path.join(libs, "libparcheck_rt.so")),
    # The suite checks the text of diagnostics line by line; the source line and
    # caret under each (on by default, as in clang) are tested with %parcheck_caret.
    ("%{parcheck_bin}", tools),
    ("%{parcheck_docs_url}", config.parcheck_docs_url),  # the SARIF helpUri base (built in)
    ("%parcheck_caret", os.path.join(tools, "parcheck")),
    ("%parcheck", os.path.join(tools, "parcheck") + " --no-caret"),
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
# distcc's client and daemon: the facts step run as a distcc job (driver/distcc.test).
if shutil.which("distcc") and shutil.which("distccd"):
    config.available_features.add("distcc")
if shutil.which("gcc"):
    config.available_features.add("gcc")
if shutil.which("git"):
    config.available_features.add("git")
if os.path.exists("/dev/full"):
    config.available_features.add("dev-full")
if shutil.which("valgrind"):
    config.available_features.add("valgrind")
if os.path.exists(os.path.join(tools, "parcheck")):
    config.available_features.add("parcheck-checker")
# The checker was linked with mimalloc (checker/CMakeLists.txt, PARCHECK_MIMALLOC).
if getattr(config, "parcheck_with_mimalloc", False):
    config.available_features.add("mimalloc")

# Packaging (test/package): "deb" when a .deb can be built and unpacked here; "dpkg-install"
# when a real `dpkg -i` of it may be tried: as root, with dpkg, and with no parcheck package
# installed already (one the user installed is never replaced or removed by a test).
def _deb_install_blocker():
    if not shutil.which("dpkg") or not shutil.which("dpkg-query"):
        return "dpkg not found"
    if os.geteuid() != 0:
        return "not root"
    if os.environ.get("PARCHECK_TEST_DPKG_INSTALL", "1") == "0":
        return "PARCHECK_TEST_DPKG_INSTALL=0"
    q = subprocess.run(["dpkg-query", "-W", "-f=${Status} ${Version}", "parcheck"],
                       capture_output=True, text=True)
    if q.returncode == 0 and " installed " in " " + q.stdout + " ":
        return "a parcheck package is installed already (%s)" % q.stdout.split()[-1]
    for tool in ("parcheck", "parcheck-run", "parcheck-report"):
        if os.path.exists(os.path.join("/usr/bin", tool)):
            return "/usr/bin/%s exists and is not from a parcheck package" % tool
    return None

if shutil.which("cpack") and shutil.which("dpkg-deb"):
    config.available_features.add("deb")
    _blocker = _deb_install_blocker()
    if _blocker:
        lit_config.note("package/deb-install.test is UNSUPPORTED here: " + _blocker)
    else:
        config.available_features.add("dpkg-install")
else:
    lit_config.note("package tests are UNSUPPORTED here: cpack or dpkg-deb not found")

# The HTML report's browser test: Debian's chromium, chromium-driver and python3-selenium.
def _chromium_blocker():
    for tool in ("chromium", "chromedriver"):
        if not shutil.which(tool):
            return tool + " not found"
    if subprocess.run([python, "-c", "import selenium"], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode != 0:
        return "python3-selenium not installed"
    return None

_blocker = _chromium_blocker()
if _blocker:
    lit_config.note("report browser tests are UNSUPPORTED here: " + _blocker)
else:
    config.available_features.add("chromium")
if shutil.which("dot"):
    config.available_features.add("graphviz")
