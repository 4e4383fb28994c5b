namespace pg { int placeholder_edge(); int placeholder_edge() { return 0; } }
