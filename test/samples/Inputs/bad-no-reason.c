int a; // EXPECT-NOT(tsan): race
