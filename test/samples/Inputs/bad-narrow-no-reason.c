int a; // EXPECT(static): starvation
