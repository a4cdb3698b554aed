// Fixture for function-length.test, read with --limit 5. Each function's
// length is in its name; the '{' and '}' in comments, strings and
// preprocessor lines below must not count.
#define OPEN {
namespace outer {
namespace {

int short4(int X) {
  const char *S = "{{{";
  return X + (S[0] == '{');
}

static const int Table[] = {
    1, 2, 3, 4, 5, 6, 7,
};

} // namespace

/// A signature over two lines: its length counts from the first.
template <typename T>
long wrapped_signature_8(T A,
                         T B) {
  // }}}
  long R = A;
  R += B;
  return R;
}

struct Holder {
  int Value;
  Holder(int V) : Value{V}, Other(V) {
    Value += 1;
    Value += 2;
    Value += 3;
    Value += 4;
  }
  int method_7() const {
    auto L = [this] {
      return Value;
    };
    const char *Raw = R"x(}})x";
    return L() + Raw[0];
  }
  int Other;
};

enum Kind { A, B, C, D, E, F, G };

} // namespace outer

extern "C" {
int c_function_6(int X) {
  if (X) {
    return 1;
  }
  return 0;
}
}
