//===- Config.cpp - .parcheck.yaml ----------------------------------------===//
#include "driver/Config.h"
#include "driver/CompileDB.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"

using namespace llvm;

namespace llvm {
namespace yaml {
template <> struct MappingTraits<parcheck::ParcheckConfig> {
  static void mapping(IO &IO, parcheck::ParcheckConfig &C) {
    IO.mapOptional("Checks", C.Checks);
    IO.mapOptional("HeaderFilterRegex", C.HeaderFilterRegex);
    IO.mapOptional("ExtraArgs", C.ExtraArgs);
    IO.mapOptional("ExtraArgsBefore", C.ExtraArgsBefore);
    IO.mapOptional("Baseline", C.Baseline);
  }
};
} // namespace yaml
} // namespace llvm

namespace parcheck {

Expected<ParcheckConfig> readConfig(const std::string &Path) {
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read config file '%s': %s", Path.c_str(),
                             Buf.getError().message().c_str());
  ParcheckConfig C;
  std::string Diag;
  {
    // The YAML parser prints to a SourceMgr; keep its message for ours.
    yaml::Input In((*Buf)->getBuffer(), nullptr,
                   [](const SMDiagnostic &D, void *Ctx) {
                     std::string &Out = *static_cast<std::string *>(Ctx);
                     if (Out.empty())
                       Out = std::to_string(D.getLineNo()) + ":" +
                             std::to_string(D.getColumnNo() + 1) + ": " +
                             D.getMessage().str();
                   },
                   &Diag);
    if ((*Buf)->getBuffer().trim().empty())
      return C.Path = Path, C;
    In >> C;
    if (In.error())
      return createStringError(inconvertibleErrorCode(), "config file '%s':%s",
                               Path.c_str(),
                               Diag.empty() ? " not a YAML mapping" : Diag.c_str());
  }
  C.Path = Path;
  if (C.Baseline && !C.Baseline->empty() && !sys::path::is_absolute(*C.Baseline))
    C.Baseline = absolutePath(*C.Baseline, sys::path::parent_path(Path));
  return C;
}

void dumpConfig(raw_ostream &OS, const ParcheckConfig &C) {
  OS << "# parcheck configuration"
     << (C.Path.empty() ? std::string(" (defaults: no config file)") : " from " + C.Path)
     << "\n";
  yaml::Output Out(OS);
  ParcheckConfig Copy = C;
  Out << Copy;
}

Expected<const ParcheckConfig *> ConfigFinder::load(const std::string &Path) {
  auto It = ByPath.find(Path);
  if (It != ByPath.end())
    return It->second.get();
  Expected<ParcheckConfig> C = readConfig(Path);
  if (!C)
    return C.takeError();
  return (ByPath[Path] = std::make_unique<ParcheckConfig>(std::move(*C))).get();
}

Expected<const ParcheckConfig *> ConfigFinder::forDir(const std::string &Dir) {
  if (!Fixed.empty())
    return load(absolutePath(Fixed));
  auto It = ByDir.find(Dir);
  if (It != ByDir.end())
    return It->second;
  const ParcheckConfig *Found = &Defaults;
  for (StringRef D = Dir; !D.empty(); D = sys::path::parent_path(D)) {
    SmallString<256> P(D);
    sys::path::append(P, ConfigFileName);
    if (sys::fs::is_regular_file(P)) {
      Expected<const ParcheckConfig *> C = load(std::string(P));
      if (!C)
        return C.takeError();
      Found = *C;
      break;
    }
  }
  return ByDir[Dir] = Found;
}

Expected<const ParcheckConfig *> ConfigFinder::forFile(const std::string &File) {
  std::string A = absolutePath(File);
  if (sys::fs::is_directory(A))
    return forDir(A);
  return forDir(sys::path::parent_path(A).str());
}

} // namespace parcheck
