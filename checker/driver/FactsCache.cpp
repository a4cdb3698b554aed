//===- FactsCache.cpp - per-TU facts cached by content --------------------===//
#include "driver/FactsCache.h"
#include "driver/AtomicFile.h"
#include "facts/FactsIO.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <mutex>

using namespace llvm;

namespace parcheck {
namespace {

/// Format of an entry: bump when the layout below changes.
constexpr const char *EntryFormat = "parcheck-facts-cache-1";

std::string hex128(XXH128_hash_t H) {
  char Buf[33];
  snprintf(Buf, sizeof Buf, "%016llx%016llx", (unsigned long long)H.high64,
           (unsigned long long)H.low64);
  return Buf;
}

std::string hashBytes(StringRef S) {
  return hex128(xxh3_128bits(ArrayRef<uint8_t>(S.bytes_begin(), S.size())));
}

/// The content hash of a file, or nullopt when it cannot be read.
std::optional<std::string> hashFile(const std::string &Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buf)
    return std::nullopt;
  return hashBytes((*Buf)->getBuffer());
}

} // namespace

std::string toolIdentity() {
  static std::once_flag Once;
  static std::string Id;
  std::call_once(Once, [] {
    std::string Exe = sys::fs::getMainExecutable(nullptr, (void *)&toolIdentity);
    std::optional<std::string> H = Exe.empty() ? std::nullopt : hashFile(Exe);
    // Without a readable executable, the version alone (a release build's
    // version changes with its extractor).
    Id = std::string(PARCHECK_VERSION) + ":" + (H ? *H : "unhashed");
  });
  return Id;
}

FactsCache::FactsCache(std::string Dir, std::string Tool)
    : Dir(std::move(Dir)), Tool(std::move(Tool)) {}

std::optional<std::string> FactsCache::keyOf(const CompileJob &J) {
  std::optional<std::string> Main = hashDep(J.File);
  if (!Main)
    return std::nullopt;
  // Length-prefixed fields: no two different commands hash the same text.
  std::string K;
  auto Add = [&K](StringRef S) { K += std::to_string(S.size()) + ":" + S.str() + ";"; };
  Add(EntryFormat);
  Add(Tool);
  Add(J.Directory);
  Add(J.File);
  for (const std::string &A : J.Args)
    Add(A);
  Add(*Main);
  if (!J.Imports.empty()) // the key of a TU without imports is unchanged
    Add(lockEffectsToJSON(J.Imports));
  return hashBytes(K);
}

std::string FactsCache::entryPath(const std::string &Key) const {
  SmallString<256> P(Dir);
  sys::path::append(P, Key.substr(0, 2), Key + ".json");
  return std::string(P);
}

std::optional<std::string> FactsCache::hashDep(const std::string &Path) {
  {
    std::lock_guard<std::mutex> L(HashMu);
    auto It = Hashes.find(Path);
    if (It != Hashes.end())
      return It->second;
  }
  // Hashed outside the lock: two threads may hash one file at once, and
  // store the same value.
  std::optional<std::string> H = hashFile(Path);
  std::lock_guard<std::mutex> L(HashMu);
  Hashes.try_emplace(Path, H);
  return H;
}

std::optional<FactsCache::ValidEntry> FactsCache::validEntry(const CompileJob &J) {
  std::optional<std::string> Key = keyOf(J);
  if (!Key)
    return std::nullopt;
  auto Buf = MemoryBuffer::getFile(entryPath(*Key), /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return std::nullopt;
  // Line 1: {"format":..., "deps":[[path, hash], ...]}; the rest: the facts.
  StringRef Text = (*Buf)->getBuffer();
  auto [Head, Body] = Text.split('\n');
  Expected<json::Value> H = json::parse(Head);
  if (!H) {
    consumeError(H.takeError());
    return std::nullopt;
  }
  const json::Object *O = H->getAsObject();
  const json::Array *Deps = O ? O->getArray("deps") : nullptr;
  if (!Deps || O->getString("format") != StringRef(EntryFormat))
    return std::nullopt;
  for (const json::Value &D : *Deps) {
    const json::Array *Pair = D.getAsArray();
    if (!Pair || Pair->size() != 2)
      return std::nullopt;
    std::optional<StringRef> Path = (*Pair)[0].getAsString(), Want = (*Pair)[1].getAsString();
    if (!Path || !Want)
      return std::nullopt;
    std::optional<std::string> Got = hashDep(Path->str());
    if (!Got || *Got != *Want)
      return std::nullopt;
  }
  return ValidEntry{std::move(*Key), std::move(*Buf), Body};
}

std::optional<TUFacts> FactsCache::lookup(const CompileJob &J) {
  std::optional<ValidEntry> E = validEntry(J);
  if (!E) {
    ++Misses;
    return std::nullopt;
  }
  Expected<TUFacts> F = factsFromJSON(E->Facts);
  if (!F) {
    consumeError(F.takeError());
    ++Misses;
    return std::nullopt;
  }
  ++Hits;
  return std::move(*F);
}

std::optional<std::string> FactsCache::validKey(const CompileJob &J) {
  std::optional<ValidEntry> E = validEntry(J);
  if (!E)
    return std::nullopt;
  return std::move(E->Key);
}

std::optional<std::string> FactsCache::runKey(const std::vector<CompileJob> &Jobs) {
  std::string K = "parcheck-run;";
  for (const CompileJob &J : Jobs) {
    std::optional<std::string> Key = validKey(J);
    if (!Key)
      return std::nullopt;
    K += *Key + ";";
  }
  return hashBytes(K);
}

void FactsCache::store(const CompileJob &J, const TUFacts &Facts,
                       const std::vector<std::string> &Deps) {
  std::optional<std::string> Key = keyOf(J);
  if (!Key)
    return;
  json::Array DepArr;
  for (const std::string &D : Deps) {
    if (D == J.File)
      continue; // in the key already
    std::optional<std::string> H = hashDep(D);
    if (!H)
      return; // a dependency we cannot re-read could never be checked: do not cache
    DepArr.push_back(json::Array{D, *H});
  }
  std::string Final = entryPath(*Key);
  if (sys::fs::create_directories(sys::path::parent_path(Final)))
    return;
  json::Value Header(json::Object{{"format", EntryFormat}, {"deps", std::move(DepArr)}});
  std::string Ignored; // a cache entry that cannot be written is only a miss next time
  writeFileAtomically(
      Final,
      [&](raw_ostream &OS) {
        OS << Header << "\n";
        writeFactsJSON(Facts, OS);
        OS << "\n";
      },
      Ignored);
}

} // namespace parcheck
