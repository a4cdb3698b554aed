int a; // EXPECT(helgrind): race reason: x
