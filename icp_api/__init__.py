"""The HTTP API: intake, suggestions and adoption for ops users and the chat assistant."""
