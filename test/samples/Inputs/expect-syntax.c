// Every form of the expectation syntax (never compiled).
// RUNTIME-OPTIONS: starvation_ms=100
// RUNTIME-OPTIONS: long_wait_ms=50
int a; // EXPECT: race
int b; // EXPECT: lock-order, deadlock
int c; // EXPECT(runtime): lock-order reason: the static checker cannot see it
int d; // EXPECT-NOT(tsan): deadlock reason: killed too early
int e; // EXPECT: race
int f; // EXPECT(tsan): race reason: through a pointer
int g; // EXPECT(runtime,tsan): deadlock
