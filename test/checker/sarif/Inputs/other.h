// A header outside the SARIF root.
int other;
static inline void touch_other(void) {
  other++;
}
