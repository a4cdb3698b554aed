int a; // EXPECT: racing
