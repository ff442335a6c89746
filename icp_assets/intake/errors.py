"""How an intake is refused: one message per bad field, every field named as it was sent."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class IntakeValidationError(ValueError):
    """An intake refused whole; ``errors`` names every bad field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("invalid intake: " + "; ".join(map(str, errors)))
