"""Helpers the tests share: register files, the OpenAI-compatible stub."""
