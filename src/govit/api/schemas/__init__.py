"""The shapes the API reads and writes: one input and one output schema per endpoint."""
