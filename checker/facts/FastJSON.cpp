//===- FastJSON.cpp - a fast reader for the JSON parcheck writes ----------===//
#include "facts/FastJSON.h"

#include "llvm/ADT/SmallVector.h"

using namespace llvm;

namespace parcheck {
namespace {

/// Recursive descent over the subset in FastJSON.h. Every method returns false
/// on input outside the subset; nothing is reported, the caller falls back.
class FastParser {
public:
  explicit FastParser(StringRef Text) : P(Text.begin()), End(Text.end()) {}

  bool document(json::Value &Out, StringRef StreamKey,
                function_ref<void(json::Value &&)> OnElement) {
    skipSpace();
    if (P == End)
      return false;
    if (*P == '{' && OnElement) {
      if (!object(Out, StreamKey, OnElement))
        return false;
    } else if (!value(Out)) {
      return false;
    }
    skipSpace();
    return P == End;
  }

private:
  const char *P, *End;

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

  bool value(json::Value &Out) {
    skipSpace();
    if (P == End)
      return false;
    switch (*P) {
    case '{':
      return object(Out, "", nullptr);
    case '[': {
      json::Array A;
      if (!array(A, nullptr))
        return false;
      Out = std::move(A);
      return true;
    }
    case '"': {
      std::string S;
      if (!string(S))
        return false;
      Out = std::move(S);
      return true;
    }
    case 't':
      Out = true;
      return literal("true");
    case 'f':
      Out = false;
      return literal("false");
    case 'n':
      Out = nullptr;
      return literal("null");
    default:
      return number(Out);
    }
  }

  /// An integer that llvm::json::parse reads with strtoll: -?[0-9]{1,18}, not
  /// followed by anything that would make it a double.
  bool number(json::Value &Out) {
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
    Out = Neg ? -N : N;
    return true;
  }

  bool string(std::string &Out) {
    if (P == End || *P != '"')
      return false;
    ++P;
    const char *Run = P; // the bytes since the last escape, appended at once
    while (P != End) {
      unsigned char C = static_cast<unsigned char>(*P);
      if (C == '"') {
        Out.append(Run, P);
        ++P;
        return true;
      }
      if (C < 0x20 || C >= 0x80)
        return false; // control characters are errors; non-ASCII needs UTF-8 checks
      if (C != '\\') {
        ++P;
        continue;
      }
      Out.append(Run, P);
      if (++P == End)
        return false;
      switch (*P) {
      case '"': Out += '"'; break;
      case '\\': Out += '\\'; break;
      case '/': Out += '/'; break;
      case 'b': Out += '\b'; break;
      case 'f': Out += '\f'; break;
      case 'n': Out += '\n'; break;
      case 'r': Out += '\r'; break;
      case 't': Out += '\t'; break;
      default: return false; // \u and invalid escapes
      }
      Run = ++P;
    }
    return false;
  }

  /// Elements go to OnElement when it is set, into A otherwise. Collected in
  /// a SmallVector (its growth moves) and moved into A once its size is known.
  bool array(json::Array &A, function_ref<void(json::Value &&)> OnElement) {
    ++P; // '['
    SmallVector<json::Value, 8> Elems;
    skipSpace();
    if (P != End && *P == ']') {
      ++P;
      return true;
    }
    for (;;) {
      json::Value V = nullptr;
      if (!value(V))
        return false;
      if (OnElement)
        OnElement(std::move(V));
      else
        Elems.push_back(std::move(V));
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
    A.reserve(Elems.size());
    for (json::Value &V : Elems)
      A.push_back(std::move(V));
    return true;
  }

  bool object(json::Value &Out, StringRef StreamKey, function_ref<void(json::Value &&)> OnElement) {
    ++P; // '{'
    json::Object O;
    skipSpace();
    if (P != End && *P == '}') {
      ++P;
      Out = std::move(O);
      return true;
    }
    for (;;) {
      skipSpace();
      std::string K;
      if (!string(K))
        return false;
      skipSpace();
      if (P == End || *P != ':')
        return false;
      ++P;
      skipSpace();
      json::Value V = nullptr;
      if (OnElement && K == StreamKey && P != End && *P == '[') {
        json::Array Empty;
        if (!array(Empty, OnElement))
          return false;
        V = std::move(Empty);
      } else if (!value(V)) {
        return false;
      }
      if (!O.try_emplace(std::move(K), std::move(V)).second)
        return false; // a duplicate key: llvm::json::parse decides
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
    Out = std::move(O);
    return true;
  }
};

} // namespace

std::optional<json::Value> parseFastJSON(StringRef Text, StringRef StreamKey,
                                         function_ref<void(json::Value &&)> OnElement) {
  json::Value Out = nullptr;
  FastParser Parser(Text);
  if (!Parser.document(Out, StreamKey, OnElement))
    return std::nullopt;
  return Out;
}

} // namespace parcheck
