int a; // EXPECT-NOT(static): race reason: x
