"""The graph: its schema (declared as data), identities, batches and stores."""
