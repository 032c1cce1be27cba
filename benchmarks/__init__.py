"""Benchmarks that print figures beside the SPEC section 7 bars (`python -m benchmarks`)."""
