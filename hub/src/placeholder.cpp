namespace pg::hub { int placeholder_hub(); int placeholder_hub() { return 0; } }
