#!/usr/bin/env python3
"""Prepare the real-code benchmark projects and run parcheck over them.

  run.py [--only NAME[,NAME...]] [--force] [--no-run]

A project is re-extracted and its compile database redone when its project file changed
(or with --force); parcheck always runs again.

For every bench/realcode/projects/<name>.json: extract the pinned commit from a git mirror
into $REALCODE_DIR/src/<name>, produce its compile database ($REALCODE_DIR/src/<name>/... ->
$REALCODE_DIR/db/<name>/compile_commands.json, restricted to the TU set the project file
selects), run parcheck --format=json over it and store the report in
$REALCODE_DIR/out/<name>.json with the run time in $REALCODE_DIR/out/<name>.meta.json.

No project is compiled or linked: CMake projects are only configured, make/autotools
projects are configured and their compile commands read from `make -n` (a dry run).
"""
import argparse, fnmatch, glob, json, os, re, shlex, shutil, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("REALCODE_DIR", "/tmp/realcode")
MIRROR = os.environ.get("REALCODE_MIRROR", "/work/.mirror")
PARCHECK = os.environ.get("PARCHECK", "/work/main/build/bin/parcheck")
JOBS = os.environ.get("REALCODE_JOBS", "2")


def load_projects():
    out = []
    for f in sorted(glob.glob(os.path.join(HERE, "projects", "*.json"))):
        with open(f) as fh:
            p = json.load(fh)
        p["_file"] = f
        out.append(p)
    return out


def sh(cmd, cwd, log):
    print(f"  $ {cmd}", file=sys.stderr)
    with open(log, "a") as lf:
        lf.write(f"$ {cmd}\n")
        lf.flush()
        r = subprocess.run(cmd, shell=True, cwd=cwd, stdout=lf, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.exit(f"run.py: '{cmd}' failed in {cwd}, see {log}")


def git_dir(p):
    owner, name = p["repo"].split("/")
    d = os.path.join(MIRROR, f"{owner}+{name}", "repo")
    if os.path.isdir(d):
        return d
    # Fallback when no mirror exists: a bare clone of the public repository.
    d = os.path.join(ROOT, "git", f"{owner}+{name}.git")
    if not os.path.isdir(d):
        os.makedirs(os.path.dirname(d), exist_ok=True)
        subprocess.run(["git", "clone", "--bare", f"https://github.com/{p['repo']}", d], check=True)
    return d


def extract(p, src, log):
    gd = git_dir(p)
    if subprocess.run(["git", "--git-dir", gd, "cat-file", "-e", p["commit"] + "^{commit}"]).returncode:
        sys.exit(f"run.py: {p['name']}: commit {p['commit']} not in {gd}; re-fetch github:{p['repo']}")
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(src)
    sh(f"git --git-dir={shlex.quote(gd)} archive {p['commit']} | tar -x -C {shlex.quote(src)}", src, log)


COMPILERS = re.compile(r"^(.*/)?(gcc|cc|clang|g\+\+|c\+\+|clang\+\+)(-[0-9.]+)?$")


def db_from_make_dry_run(cmd, cwd):
    """Compile commands from `make -n` output (nothing is built)."""
    out = subprocess.run(cmd, shell=True, cwd=cwd, capture_output=True, text=True).stdout
    entries, seen = [], set()
    for line in out.splitlines():
        # automake: `test -f 'x.c' || echo './'`x.c
        line = re.sub(r"`test -f '([^']+)' \|\| echo '[^']*'`\S+", r"\1", line)
        for part in re.split(r"&&|;", line):
            try:
                toks = shlex.split(part)
            except ValueError:
                continue
            if not toks or not COMPILERS.match(toks[0]) or "-c" not in toks:
                continue
            srcs = [t for t in toks if re.search(r"\.(c|cc|cpp|cxx)$", t) and not t.startswith("-")]
            if len(srcs) != 1:
                continue
            f = os.path.normpath(os.path.join(cwd, srcs[0]))
            if f in seen:
                continue
            seen.add(f)
            entries.append({"directory": cwd, "file": f, "arguments": toks})
    return entries


def make_db(p, src, build, log):
    db = p["db"]
    for step in db.get("prepare", []):
        sh(step, src, log)
    if db["kind"] == "cmake":
        args = " ".join(shlex.quote(a) for a in db.get("args", []))
        sh(f"cmake -S {shlex.quote(os.path.join(src, db.get('source', '.')))} -B {shlex.quote(build)} "
           f"-G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_C_COMPILER=clang-19 "
           f"-DCMAKE_CXX_COMPILER=clang++-19 {args}", src, log)
        with open(os.path.join(build, "compile_commands.json")) as fh:
            return json.load(fh)
    if db["kind"] == "make-dry-run":
        return db_from_make_dry_run(db["make"], src)
    if db["kind"] == "commands":
        # No build system: the compile commands the project's own scripts use, one per TU.
        return [{"directory": src, "file": os.path.join(src, c["file"]),
                 "arguments": ["clang-19", "-c", *c.get("flags", []), c["file"], "-o", "/dev/null"]}
                for c in db["commands"]]
    sys.exit(f"run.py: unknown db kind {db['kind']}")


def select(p, entries, src):
    inc, exc = p["tus"]["include"], p["tus"].get("exclude", [])
    out, seen = [], set()
    for e in entries:
        f = e["file"] if os.path.isabs(e["file"]) else os.path.join(e["directory"], e["file"])
        rel = os.path.relpath(os.path.normpath(f), src)
        if rel in seen:
            continue
        if any(fnmatch.fnmatch(rel, g) for g in inc) and not any(fnmatch.fnmatch(rel, g) for g in exc):
            seen.add(rel)
            out.append(e)
    for x in p["tus"].get("extra", []):
        out.append(extra_tu(x, entries, src))
    return sorted(out, key=lambda e: e["file"])


def extra_tu(x, entries, src):
    """A TU the project's build does not list (an example program): compiled with the flags of
    the project TU named by 'like'."""
    for e in entries:
        f = e["file"] if os.path.isabs(e["file"]) else os.path.join(e["directory"], e["file"])
        if os.path.relpath(os.path.normpath(f), src) != x["like"]:
            continue
        args = e.get("arguments") or shlex.split(e["command"])
        keep, skip = [], False
        for a in args:
            if skip:
                skip = False
            elif a == "-o":
                skip = True
            elif a == "-c" or a == e["file"] or a == f:
                pass
            else:
                keep.append(a)
        return {"directory": e["directory"], "file": os.path.join(src, x["file"]),
                "arguments": keep + ["-c", os.path.join(src, x["file"])]}
    sys.exit(f"run.py: extra TU {x['file']}: no TU {x['like']} to take flags from")


def missing_deps(deps):
    """The Debian packages of deps that are not installed."""
    out = []
    for d in deps:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", d], capture_output=True, text=True)
        if "install ok installed" not in r.stdout:
            out.append(d)
    return out


def ensure_deps(p, log):
    """Installs the project's missing Debian `deps` (as root, as scripts/setup.sh does for the
    toolchain); otherwise stops with the command to run: without them a project's configure
    step fails with a message about the build system, not about what is missing."""
    miss = missing_deps(p.get("deps", []))
    if not miss:
        return
    if os.geteuid() != 0:
        sys.exit(f"run.py: {p['name']}: missing Debian packages {' '.join(miss)}; "
                 f"install them (apt-get install {' '.join(miss)}) and run again")
    print(f"{p['name']}: installing {' '.join(miss)}", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    with open(log, "a") as lf:
        r = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + miss,
                           stdout=lf, stderr=subprocess.STDOUT, env=env)
    if r.returncode != 0 or missing_deps(miss):
        sys.exit(f"run.py: {p['name']}: could not install {' '.join(miss)}, see {log}")


def prepare(p, force):
    name = p["name"]
    src, build = os.path.join(ROOT, "src", name), os.path.join(ROOT, "build", name)
    dbdir = os.path.join(ROOT, "db", name)
    stamp = os.path.join(dbdir, "project.json")
    spec = json.dumps({k: v for k, v in p.items() if not k.startswith("_")}, sort_keys=True)
    if not force and os.path.exists(stamp) and open(stamp).read().strip() == spec:
        return dbdir, src
    os.makedirs(os.path.join(ROOT, "logs"), exist_ok=True)
    log = os.path.join(ROOT, "logs", f"{name}.prepare.log")
    open(log, "w").close()
    print(f"{name}: preparing {p['repo']}@{p['commit'][:12]}", file=sys.stderr)
    ensure_deps(p, log)
    extract(p, src, log)
    shutil.rmtree(build, ignore_errors=True)
    os.makedirs(build)
    entries = select(p, make_db(p, src, build, log), src)
    if not entries:
        sys.exit(f"run.py: {name}: no TU selected")
    os.makedirs(dbdir, exist_ok=True)
    with open(os.path.join(dbdir, "compile_commands.json"), "w") as fh:
        json.dump(entries, fh, indent=1)
    with open(stamp, "w") as fh:
        fh.write(spec + "\n")
    return dbdir, src


def run(p, dbdir, src):
    name = p["name"]
    outdir = os.path.join(ROOT, "out")
    os.makedirs(outdir, exist_ok=True)
    out, err = os.path.join(outdir, f"{name}.json"), os.path.join(outdir, f"{name}.stderr")
    n = len(json.load(open(os.path.join(dbdir, "compile_commands.json"))))
    print(f"{name}: parcheck over {n} TUs", file=sys.stderr)
    t0 = time.monotonic()
    with open(out, "w") as o, open(err, "w") as e:
        r = subprocess.run([PARCHECK, "-p", dbdir, "--format=json", "--exit-zero",
                            "--min-confidence=low", "-j", JOBS],
                           stdout=o, stderr=e, cwd=src)
    dt = time.monotonic() - t0
    try:
        nf = len(json.load(open(out))["findings"])
    except Exception:
        nf = None
    meta = {"name": name, "commit": p["commit"], "tus": n, "seconds": round(dt, 1),
            "exit": r.returncode, "findings": nf, "src": src,
            "parcheck": PARCHECK, "date": time.strftime("%Y-%m-%d %H:%M:%S")}
    with open(os.path.join(outdir, f"{name}.meta.json"), "w") as fh:
        json.dump(meta, fh, indent=1)
    print(f"{name}: {nf} findings in {dt:.1f}s (exit {r.returncode})", file=sys.stderr)
    return meta


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--force", action="store_true", help="re-extract and rebuild the compile database")
    ap.add_argument("--no-run", action="store_true", help="only prepare the compile databases")
    a = ap.parse_args()
    only = set(filter(None, a.only.split(",")))
    for p in load_projects():
        if only and p["name"] not in only:
            continue
        dbdir, src = prepare(p, a.force)
        if not a.no_run:
            run(p, dbdir, src)


if __name__ == "__main__":
    main()
