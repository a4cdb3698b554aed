//===- FastJSON.cpp - a fast reader for the JSON parcheck writes ----------===//
#include "facts/FastJSON.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace llvm;

namespace parcheck {
namespace fastjson {

namespace {

/// Member::Prefix. Where two keys' prefixes differ, the keys are ordered as
/// their prefixes: at the first differing byte either both have a byte, or
/// the shorter key's padding 0 stands against a byte of the longer key that
/// differs from it, so the shorter, which starts the longer, comes first.
uint64_t prefixOf(StringRef K) {
  uint64_t P = 0;
  size_t N = std::min<size_t>(K.size(), 8);
  for (size_t I = 0; I < N; ++I)
    P |= uint64_t(static_cast<unsigned char>(K[I])) << (56 - 8 * I);
  return P;
}

/// StringRef::compare's order of M's key against Key (whose prefix is KP),
/// by the prefixes where they differ.
int compareKey(const Member &M, StringRef Key, uint64_t KP) {
  return M.Prefix != KP ? (M.Prefix < KP ? -1 : 1) : M.Key.compare(Key);
}

} // namespace

const Value *Object::get(StringRef Key) const {
  if (Sorted) {
    uint64_t KP = prefixOf(Key);
    size_t Lo = 0, Hi = N;
    while (Lo < Hi) {
      size_t Mid = Lo + (Hi - Lo) / 2;
      const Member &M = Members[Mid];
      int C = compareKey(M, Key, KP);
      if (C == 0)
        return &Members[Mid].V;
      if (C < 0)
        Lo = Mid + 1;
      else
        Hi = Mid;
    }
    return nullptr;
  }
  for (const Member &M : *this)
    if (M.Key == Key)
      return &M.V;
  return nullptr;
}

/// Makes the nodes (the one class Value, Array and Object let in).
class Builder {
public:
  static Value boolean(bool B) {
    Value V;
    V.K = Value::KBoolean;
    V.Bool = B;
    return V;
  }
  static Value integer(int64_t I) {
    Value V;
    V.K = Value::KInteger;
    V.Int = I;
    return V;
  }
  static Value number(double D) {
    Value V;
    V.K = Value::KNumber;
    V.Num = D;
    return V;
  }
  /// S must live as long as the tree (the text, or the arena). Too long a
  /// string to hold (4 GiB) is not accepted.
  static std::optional<Value> string(StringRef S) {
    if (S.size() > std::numeric_limits<uint32_t>::max())
      return std::nullopt;
    Value V;
    V.K = Value::KString;
    V.Str = S.data();
    V.Len = uint32_t(S.size());
    return V;
  }
  static Value array(BumpPtrAllocator &A, ArrayRef<Value> Elems) {
    auto *Arr = new (A.Allocate<Array>()) Array();
    if (!Elems.empty()) {
      Value *Copy = A.Allocate<Value>(Elems.size());
      std::uninitialized_copy(Elems.begin(), Elems.end(), Copy);
      Arr->Elems = Copy;
      Arr->N = Elems.size();
    }
    Value V;
    V.K = Value::KArray;
    V.Arr = Arr;
    return V;
  }
  /// Members in the order given; std::nullopt when two share a key (or
  /// there are 2^32 of them).
  static std::optional<Value> object(BumpPtrAllocator &A, ArrayRef<Member> Ms) {
    if (Ms.size() > std::numeric_limits<uint32_t>::max())
      return std::nullopt;
    auto *O = new (A.Allocate<Object>()) Object();
    bool Sorted = true;
    if (!Ms.empty()) {
      Member *Copy = A.Allocate<Member>(Ms.size());
      std::uninitialized_copy(Ms.begin(), Ms.end(), Copy);
      for (size_t I = 0; I < Ms.size(); ++I) {
        Copy[I].Prefix = prefixOf(Copy[I].Key);
        Sorted = Sorted && (I == 0 || compareKey(Copy[I - 1], Copy[I].Key, Copy[I].Prefix) < 0);
      }
      O->Members = Copy;
      O->N = uint32_t(Ms.size());
    }
    if (!Sorted && !distinct(Ms))
      return std::nullopt; // (the arena keeps the copy until it is reset)
    O->Sorted = Sorted;
    Value V;
    V.K = Value::KObject;
    V.Obj = O;
    return V;
  }
  static bool isNumber(const Value &V) { return V.K == Value::KNumber; }
  static double numberOf(const Value &V) { return V.Num; }

private:
  static bool distinct(ArrayRef<Member> Ms) {
    if (Ms.size() <= 16) {
      for (size_t I = 0; I < Ms.size(); ++I)
        for (size_t J = I + 1; J < Ms.size(); ++J)
          if (Ms[I].Key == Ms[J].Key)
            return false;
      return true;
    }
    DenseSet<StringRef> Seen;
    for (const Member &M : Ms)
      if (!Seen.insert(M.Key).second)
        return false;
    return true;
  }
};

namespace {

StringRef copyInto(BumpPtrAllocator &A, StringRef S) {
  if (S.empty())
    return StringRef();
  char *P = A.Allocate<char>(S.size());
  std::memcpy(P, S.data(), S.size());
  return StringRef(P, S.size());
}

/// The bytes that end a run of plain string bytes: the quote, a backslash,
/// control characters and non-ASCII.
struct SpecialBytes {
  bool Is[256] = {};
  constexpr SpecialBytes() {
    for (int C = 0; C < 256; ++C)
      Is[C] = C == '"' || C == '\\' || C < 0x20 || C >= 0x80;
  }
  constexpr bool operator[](unsigned char C) const { return Is[C]; }
};
constexpr SpecialBytes Special;

/// Recursive descent over the subset in FastJSON.h. Every method returns false
/// on input outside the subset; nothing is reported, the caller falls back.
/// The elements and members of the containers being read wait on two stacks
/// until their container closes and is laid out in the arena at its size.
class FastParser {
public:
  explicit FastParser(StringRef Text) : P(Text.begin()), End(Text.end()) {}

  bool document(Document &Out, StringRef StreamKey, function_ref<void(const Value &)> OnElement) {
    A = &Out.Arena;
    skipSpace();
    if (P == End)
      return false;
    if (*P == '{' && OnElement) {
      if (!object(Out.Root, StreamKey, OnElement))
        return false;
    } else if (!value(Out.Root)) {
      return false;
    }
    skipSpace();
    return P == End;
  }

private:
  const char *P, *End;
  BumpPtrAllocator *A = nullptr; ///< Where nodes go: the document's, or the element's.
  BumpPtrAllocator ElementArena; ///< A streamed element's, reset after each.
  std::vector<Value> Values;     ///< Elements of the open arrays.
  std::vector<Member> Members;   ///< Members of the open objects.
  std::string Unescaped;         ///< A string with escapes, as read.

  void skipSpace() {
    while (P != End && (*P == ' ' || *P == '\t' || *P == '\n' || *P == '\r'))
      ++P;
  }

  bool literal(StringRef Word) {
    if (size_t(End - P) < Word.size() || StringRef(P, Word.size()) != Word)
      return false;
    P += Word.size();
    return true;
  }

  bool value(Value &Out) {
    skipSpace();
    if (P == End)
      return false;
    switch (*P) {
    case '{':
      return object(Out, "", nullptr);
    case '[':
      return array(Out, nullptr);
    case '"': {
      StringRef S;
      if (!string(S))
        return false;
      std::optional<Value> V = Builder::string(S);
      if (!V)
        return false;
      Out = *V;
      return true;
    }
    case 't':
      Out = Builder::boolean(true);
      return literal("true");
    case 'f':
      Out = Builder::boolean(false);
      return literal("false");
    case 'n':
      Out = Value();
      return literal("null");
    default:
      return number(Out);
    }
  }

  /// An integer that llvm::json::parse reads with strtoll: -?[0-9]{1,18}, not
  /// followed by anything that would make it a double.
  bool number(Value &Out) {
    bool Neg = P != End && *P == '-';
    if (Neg)
      ++P;
    int64_t N = 0;
    int Digits = 0;
    for (; P != End && *P >= '0' && *P <= '9'; ++P, ++Digits)
      N = N * 10 + (*P - '0');
    if (Digits == 0 || Digits > 18)
      return false;
    if (P != End && (*P == '.' || *P == 'e' || *P == 'E' || *P == '+' || *P == '-'))
      return false;
    Out = Builder::integer(Neg ? -N : N);
    return true;
  }

  /// A string: a view of the text when it has no escapes, else its unescaped
  /// bytes in the arena.
  bool string(StringRef &Out) {
    if (P == End || *P != '"')
      return false;
    ++P;
    const char *Start = P;
    const char *Run = P; // the bytes since the last escape
    bool Escaped = false;
    while (P != End) {
      unsigned char C = static_cast<unsigned char>(*P);
      if (!Special[C]) {
        ++P;
        continue;
      }
      if (C == '"') {
        if (!Escaped) {
          Out = StringRef(Start, P - Start);
        } else {
          Unescaped.append(Run, P);
          Out = copyInto(*A, Unescaped);
        }
        ++P;
        return true;
      }
      if (C != '\\')
        return false; // control characters are errors; non-ASCII needs UTF-8 checks
      if (!Escaped)
        Unescaped.clear();
      Escaped = true;
      Unescaped.append(Run, P);
      if (++P == End)
        return false;
      switch (*P) {
      case '"': Unescaped += '"'; break;
      case '\\': Unescaped += '\\'; break;
      case '/': Unescaped += '/'; break;
      case 'b': Unescaped += '\b'; break;
      case 'f': Unescaped += '\f'; break;
      case 'n': Unescaped += '\n'; break;
      case 'r': Unescaped += '\r'; break;
      case 't': Unescaped += '\t'; break;
      default: return false; // \u and invalid escapes
      }
      Run = ++P;
    }
    return false;
  }

  /// Elements go to OnElement when it is set (each in the element arena,
  /// reset after it), onto the stack otherwise.
  bool array(Value &Out, function_ref<void(const Value &)> OnElement) {
    ++P; // '['
    size_t Base = Values.size();
    skipSpace();
    if (P != End && *P == ']') {
      ++P;
      Out = Builder::array(*A, {});
      return true;
    }
    for (;;) {
      Value V;
      if (OnElement) {
        BumpPtrAllocator *Outer = A;
        A = &ElementArena;
        bool Ok = value(V);
        if (Ok)
          OnElement(V);
        ElementArena.Reset();
        A = Outer;
        if (!Ok)
          return false;
      } else {
        if (!value(V))
          return false;
        Values.push_back(V);
      }
      skipSpace();
      if (P == End)
        return false;
      if (*P == ']') {
        ++P;
        break;
      }
      if (*P != ',')
        return false;
      ++P;
    }
    Out = Builder::array(*A, ArrayRef<Value>(Values).drop_front(Base));
    Values.resize(Base);
    return true;
  }

  bool object(Value &Out, StringRef StreamKey, function_ref<void(const Value &)> OnElement) {
    ++P; // '{'
    size_t Base = Members.size();
    skipSpace();
    if (P != End && *P == '}') {
      ++P;
      Out = *Builder::object(*A, {});
      return true;
    }
    for (;;) {
      skipSpace();
      Member M;
      if (!string(M.Key))
        return false;
      skipSpace();
      if (P == End || *P != ':')
        return false;
      ++P;
      skipSpace();
      if (OnElement && M.Key == StreamKey && P != End && *P == '[') {
        if (!array(M.V, OnElement))
          return false;
      } else if (!value(M.V)) {
        return false;
      }
      Members.push_back(M);
      skipSpace();
      if (P == End)
        return false;
      if (*P == '}') {
        ++P;
        break;
      }
      if (*P != ',')
        return false;
      ++P;
    }
    std::optional<Value> O = Builder::object(*A, ArrayRef<Member>(Members).drop_front(Base));
    Members.resize(Base);
    if (!O)
      return false; // a duplicate key: llvm::json::parse decides
    Out = *O;
    return true;
  }
};

Value convert(const json::Value &V, BumpPtrAllocator &A) {
  if (const json::Object *O = V.getAsObject()) {
    std::vector<Member> Ms;
    Ms.reserve(O->size());
    for (const auto &KV : *O)
      Ms.push_back({copyInto(A, KV.first), convert(KV.second, A), 0});
    llvm::sort(Ms, [](const Member &X, const Member &Y) { return X.Key < Y.Key; });
    // A json::Object's keys are distinct: null only past 2^32 members.
    return Builder::object(A, Ms).value_or(Value());
  }
  if (const json::Array *Arr = V.getAsArray()) {
    std::vector<Value> Es;
    Es.reserve(Arr->size());
    for (const json::Value &E : *Arr)
      Es.push_back(convert(E, A));
    return Builder::array(A, Es);
  }
  if (std::optional<StringRef> S = V.getAsString())
    return Builder::string(copyInto(A, *S)).value_or(Value()); // 4 GiB: read as missing
  if (std::optional<bool> B = V.getAsBoolean())
    return Builder::boolean(*B);
  if (std::optional<int64_t> I = V.getAsInteger())
    return Builder::integer(*I);
  if (std::optional<double> D = V.getAsNumber())
    return Builder::number(*D);
  return Value();
}

} // namespace

bool parseFast(StringRef Text, Document &Out, StringRef StreamKey,
               function_ref<void(const Value &)> OnElement) {
  FastParser Parser(Text);
  return Parser.document(Out, StreamKey, OnElement);
}

void fromLLVM(const json::Value &V, Document &Out) { Out.Root = convert(V, Out.Arena); }

json::Value toLLVM(const Value &V) {
  if (const Object *O = V.getAsObject()) {
    json::Object R;
    for (const Member &M : *O)
      R.try_emplace(M.Key, toLLVM(M.V));
    return R;
  }
  if (const Array *Arr = V.getAsArray()) {
    json::Array R;
    R.reserve(Arr->size());
    for (const Value &E : *Arr)
      R.push_back(toLLVM(E));
    return R;
  }
  if (std::optional<StringRef> S = V.getAsString())
    return S->str();
  if (std::optional<bool> B = V.getAsBoolean())
    return *B;
  if (std::optional<int64_t> I = V.getAsInteger())
    return *I;
  if (Builder::isNumber(V))
    return Builder::numberOf(V);
  return nullptr;
}

} // namespace fastjson
} // namespace parcheck
