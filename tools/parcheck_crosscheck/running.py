"""Building a sample (plain and -fsanitize=thread, cached) and running it: plainly, under the
shim, under TSan, and the static checker over its source; each run has a time limit."""

import glob
import hashlib
import json
import os
import shutil
import signal
import subprocess

from .parsing import parse_runtime_stderr, parse_tsan


def run_limited(cmd, env, timeout, cwd=None):
    """Runs cmd in its own process group. Returns (returncode or None on timeout, stdout, stderr).
    On the time limit the group gets SIGTERM (the runtime writes its reports), then SIGKILL."""
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        return p.returncode, out.decode(errors="replace"), err.decode(errors="replace")
    except subprocess.TimeoutExpired:
        for sig, grace in ((signal.SIGTERM, 2), (signal.SIGKILL, 10)):
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                out, err = p.communicate(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            out, err = b"", b""
        return None, out.decode(errors="replace"), err.decode(errors="replace")


def compile_flags(src):
    if src.endswith(".c"):
        return ["-std=c11", "-D_GNU_SOURCE", "-pthread"]
    return ["-std=c++17", "-pthread"]


class Config:
    def __init__(self, args):
        self.samples_dir = args.samples_dir
        self.out = args.out
        self.timeout = args.timeout
        self.cc = args.cc
        self.cxx = args.cxx
        self.parcheck = args.parcheck
        self.runtime_lib = args.runtime_lib
        self.tools = args.tools
        self.verbose = args.verbose


def build(cfg, src, variant):
    """Builds src as 'plain' or 'tsan' into the out dir, cached by a hash of compiler, flags and
    source. Returns (binary path or None, error text)."""
    compiler = cfg.cc if src.endswith(".c") else cfg.cxx
    flags = ["-g", "-O1"] + compile_flags(src)
    if variant == "tsan":
        flags.append("-fsanitize=thread")
    with open(src, "rb") as f:
        key = hashlib.sha1(("\0".join([compiler] + flags)).encode() + b"\0" + f.read()).hexdigest()[:12]
    name = os.path.splitext(os.path.basename(src))[0]
    out = os.path.join(cfg.out, "bin", "%s.%s.%s" % (name, variant, key))
    if os.path.exists(out):
        return out, ""
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp = out + ".tmp%d" % os.getpid()
    p = subprocess.run([compiler] + flags + [src, "-o", tmp], capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr
    os.replace(tmp, out)
    return out, ""


def clean_env():
    env = dict(os.environ)
    for var in ("LD_PRELOAD", "PARCHECK_OPTIONS", "TSAN_OPTIONS"):
        env.pop(var, None)
    env["LC_ALL"] = "C"
    return env


def run_plain(cfg, binary):
    rc, _, _ = run_limited([binary], clean_env(), cfg.timeout)
    return "hang" if rc is None else ("ok" if rc == 0 else "exit %d" % rc)


def run_runtime(cfg, binary, name, options):
    """Returns (findings, status); status is 'ok' or a description of an unexpected end."""
    report_dir = os.path.join(cfg.out, "runtime", name)
    shutil.rmtree(report_dir, ignore_errors=True)
    os.makedirs(report_dir)
    env = clean_env()
    env["LD_PRELOAD"] = cfg.runtime_lib
    opts = ["json_path=" + os.path.join(report_dir, "report.%p.json")]
    if options:
        opts.append(options)
    env["PARCHECK_OPTIONS"] = ":".join(opts)
    rc, _, err = run_limited([binary], env, cfg.timeout)
    with open(os.path.join(report_dir, "stderr.txt"), "w") as f:
        f.write(err)
    findings = []
    reports = sorted(glob.glob(os.path.join(report_dir, "report.*.json")))
    for path in reports:
        try:
            with open(path) as f:
                findings.extend(json.load(f).get("findings", []))
        except (OSError, ValueError) as e:
            return [], "bad JSON report %s: %s" % (os.path.basename(path), e)
    if not reports:
        findings = parse_runtime_stderr(err)
    if rc is None:
        findings.append({"kind": "hang", "message": "the run under the shim did not finish in %s s"
                         % cfg.timeout, "locations": [], "source": "runtime"})
    elif rc not in (0, 66, 67):
        findings.append({"kind": "crash", "message": "the run under the shim exited with %d" % rc,
                         "locations": [], "source": "runtime"})
    return findings, "ok"


def run_tsan(cfg, binary, name, src):
    env = clean_env()
    env["TSAN_OPTIONS"] = "halt_on_error=0:exitcode=66:report_thread_leaks=1:detect_deadlocks=1"
    rc, _, err = run_limited([binary], env, cfg.timeout)
    d = os.path.join(cfg.out, "tsan")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + ".stderr.txt"), "w") as f:
        f.write(err)
    doc = parse_tsan(err, sample=src, timed_out=cfg.timeout if rc is None else None)
    findings = doc["findings"]
    if rc is not None and rc not in (0, 66):
        findings.append({"kind": "crash", "message": "the TSan run exited with %d" % rc,
                         "locations": [], "source": "tsan"})
    return findings


def run_static(cfg, src):
    cmd = [cfg.parcheck, "--format=json", src, "--", "-g", "-O1"] + compile_flags(src)
    rc, out, err = run_limited(cmd, clean_env(), max(cfg.timeout, 120))
    if rc is None or rc not in (0, 1):
        return None, "parcheck exited with %s: %s" % (rc, err.strip()[-500:])
    try:
        doc = json.loads(out)
    except ValueError as e:
        return None, "parcheck printed no JSON: %s" % e
    return doc.get("findings", []), ""
