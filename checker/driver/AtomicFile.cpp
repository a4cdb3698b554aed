//===- AtomicFile.cpp - whole files or none ---------------------*- C++ -*-===//
#include "driver/AtomicFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <thread>

using namespace llvm;

namespace parcheck {

bool writeFileAtomically(StringRef Path, StringRef Text, std::string &Why) {
  return writeFileAtomically(Path, [&](raw_ostream &OS) { OS << Text; }, Why);
}

bool writeFileAtomically(StringRef Path, function_ref<void(raw_ostream &)> Write,
                         std::string &Why) {
  // Unique among processes (pid) and among this process's threads.
  SmallString<256> Tmp(Path);
  Tmp += ".tmp." + std::to_string(sys::Process::getProcessId()) + "." +
         std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id()));
  {
    std::error_code EC;
    raw_fd_ostream OS(Tmp, EC);
    if (EC) {
      Why = "cannot write '" + std::string(Tmp) + "': " + EC.message();
      return false;
    }
    // A facts file is tens of megabytes: written in 1 MiB pieces, not in
    // the file system's 4 KiB blocks (a write call each).
    OS.SetBufferSize(1 << 20);
    Write(OS);
    OS.close();
    if (OS.has_error()) {
      Why = "cannot write '" + std::string(Tmp) + "': " + OS.error().message();
      OS.clear_error();
      sys::fs::remove(Tmp);
      return false;
    }
  }
  if (std::error_code EC = sys::fs::rename(Tmp, Path)) {
    Why = "cannot rename into '" + Path.str() + "': " + EC.message();
    sys::fs::remove(Tmp);
    return false;
  }
  return true;
}

} // namespace parcheck
