"""The API's error bodies: every error is ``{"detail": "<message in the user's language>",
"code": "<machine code>", ...}``. Operations declare these schemas per status code, so the
OpenAPI document names every answer a client can get."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.errors import HttpError


class ApiError(HttpError):
    """An error answer with a machine-readable ``code`` and any further fields of its body."""

    def __init__(self, status_code: int, message: str, *, code: str, **extra: Any) -> None:
        super().__init__(status_code, message)
        self.code = code
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"detail": self.message, "code": self.code, **self.extra}


class ErrorOut(Schema):
    detail: str = Field(..., description="What went wrong, in the user's language.")
    code: str = Field(..., description="A machine-readable code, e.g. not_found.")


class RefusalOut(ErrorOut):
    """A rule refused the change (409); nothing changed."""

    reasons: list[str] = Field(
        default_factory=list,
        description="For code not_eligible: each condition of the service the person does not "
        "meet, in words.",
    )


class InvalidOut(ErrorOut):
    """The request is malformed (422)."""

    errors: list[dict[str, Any]] = Field(..., description="Each invalid field and why.")


#: The answers of an operation that needs a logged-in user or an API key.
AUTH_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 422: InvalidOut}
#: The answer to a request body that is not JSON at all (``code``: bad_json).
BAD_JSON: dict[int, type[Schema]] = {400: ErrorOut}
