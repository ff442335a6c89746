"""API tokens: verifying a bearer JWT and turning its claims into the caller.

Pure: no FastAPI, no database. The algorithm is pinned by configuration, ``exp`` and
``sub`` are required, and the audience and issuer are checked when configured. The
claims name the user (``sub``), the tenant (``tenant_id``), the roles (``roles``, a
list, or ``role``) and, optionally, other tenants the user may select with
``X-Tenant-ID`` (``tenants``).

A signed token is still refused when it is over ``MAX_TOKEN_BYTES``, when its header or
payload has a key twice (JSON parsers disagree on which one counts), when ``exp``,
``iat`` or ``nbf`` is not a number, or when it lives longer than ``ICP_JWT_MAX_TTL_S``.
Its lifetime is ``exp - iat`` when it has an ``iat``, and ``exp`` must in any case be
at most that cap (plus the clock leeway) from now, so a token without ``iat`` cannot
outlive the cap either.
"""

from __future__ import annotations

import json
import math
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import jwt
from jwt.utils import base64url_decode

from icp_assets.settings import Settings
from resources.warehouse import MAX_TENANT_ID, TenantIdError, check_tenant_id

Role = Literal["viewer", "ops", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "ops", "admin")
#: Roles that may submit intakes and adopt suggestions.
WRITER_ROLES: frozenset[str] = frozenset({"ops", "admin"})
DEFAULT_TOKEN_TTL_S = 8 * 3600
#: The longest token accepted: the claims the API reads fit in a few hundred bytes.
MAX_TOKEN_BYTES = 8_192
#: The longest ``sub`` accepted: an e-mail address or a service's name.
MAX_SUBJECT_CHARS = 320
#: Clock difference tolerated between the token's issuer and this server.
CLOCK_LEEWAY_S = 10
DATE_CLAIMS = ("exp", "iat", "nbf")


class AuthError(Exception):
    """A request the caller is not allowed to make; ``status`` is 401 or 403."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


class AuthConfigError(RuntimeError):
    """The server has no usable key for its configured algorithm."""


@dataclass(frozen=True)
class Principal:
    """The caller of one request: who, acting for which tenant, with which roles."""

    subject: str
    tenant_id: int
    roles: frozenset[str]
    granted_tenants: frozenset[int]

    @property
    def can_write(self) -> bool:
        return bool(self.roles & WRITER_ROLES)

    @property
    def is_viewer_only(self) -> bool:
        return not self.can_write


def verification_key(settings: Settings) -> str:
    """The key tokens are verified with, for the configured algorithm.

    Raises:
        AuthConfigError: naming the variable to set.
    """
    if settings.jwt_algorithm == "HS256":
        if not settings.jwt_secret:
            raise AuthConfigError(
                "ICP_JWT_SECRET is not set: the API verifies HS256 tokens with it "
                "(for local use: export ICP_JWT_SECRET=$(openssl rand -hex 32))"
            )
        if len(settings.jwt_secret.encode()) < 32:
            raise AuthConfigError("ICP_JWT_SECRET must be at least 32 bytes long")
        return settings.jwt_secret
    if not settings.jwt_public_key:
        raise AuthConfigError(
            f"ICP_JWT_PUBLIC_KEY is not set: the API verifies {settings.jwt_algorithm} "
            "tokens with that PEM public key"
        )
    return settings.jwt_public_key


def signing_key(settings: Settings) -> str:
    """The key ``icp token`` signs with: the HS256 secret or the PEM private key."""
    if settings.jwt_algorithm == "HS256":
        return verification_key(settings)
    if not settings.jwt_private_key:
        raise AuthConfigError(
            f"ICP_JWT_PRIVATE_KEY is not set: {settings.jwt_algorithm} tokens are signed "
            "with that PEM private key"
        )
    return settings.jwt_private_key


def decode_token(token: str, settings: Settings, *, key: str | None = None) -> dict[str, Any]:
    """The verified claims of ``token``.

    Raises:
        AuthError: 401 with the reason (too large, expired, bad signature, wrong
            algorithm, audience or issuer, missing claim, a key given twice, a date that
            is not a number, a lifetime over the cap, malformed).
    """
    if len(token.encode()) > MAX_TOKEN_BYTES:
        raise AuthError(401, f"the token is over {MAX_TOKEN_BYTES} bytes")
    claims = _verified_claims(token, settings, key)
    # Only a token whose signature verified gets this far, so what the checks below
    # tell the caller is about a token its issuer made.
    header_segment, payload_segment, _ = token.split(".")
    _refuse_duplicate_keys(header_segment, "header")
    _refuse_duplicate_keys(payload_segment, "payload")
    _check_lifetime(claims, settings.jwt_max_ttl_s, now=time.time())
    return claims


def _verified_claims(token: str, settings: Settings, key: str | None) -> dict[str, Any]:
    options: dict[str, Any] = {"require": ["exp", "sub"]}
    if settings.jwt_audience is None:
        options["verify_aud"] = False
    try:
        return jwt.decode(
            token,
            key or verification_key(settings),
            algorithms=[settings.jwt_algorithm],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options=options,
            leeway=CLOCK_LEEWAY_S,
        )
    except jwt.ExpiredSignatureError:
        raise AuthError(401, "the token has expired") from None
    except jwt.InvalidAudienceError:
        raise AuthError(401, "the token is not for this audience") from None
    except jwt.InvalidIssuerError:
        raise AuthError(401, "the token is not from the expected issuer") from None
    except jwt.InvalidSignatureError:
        raise AuthError(401, "the token's signature does not verify") from None
    except jwt.MissingRequiredClaimError as error:
        raise AuthError(401, f"the token has no {error.claim!r} claim") from None
    except jwt.InvalidAlgorithmError:
        raise AuthError(
            401, f"the token is not signed with {settings.jwt_algorithm}, the only one accepted"
        ) from None
    except jwt.InvalidTokenError as error:
        raise AuthError(401, f"invalid token: {error}") from None


def _refuse_duplicate_keys(segment: str, part: Literal["header", "payload"]) -> None:
    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        unique: dict[str, Any] = {}
        for name, value in pairs:
            if name in unique:
                raise AuthError(401, f"the token's {part} has the key {name!r} more than once")
            unique[name] = value
        return unique

    json.loads(base64url_decode(segment), object_pairs_hook=unique_keys)


def _numeric_date(claims: Mapping[str, Any], claim: str) -> float | None:
    if claim not in claims:
        return None
    value = claims[claim]
    # bool is an int to Python, and PyJWT takes a numeric string through int().
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise AuthError(401, f"the token's {claim!r} claim must be a number (seconds since 1970)")
    return value


def _check_lifetime(claims: Mapping[str, Any], max_ttl_s: int, *, now: float) -> None:
    exp, iat, _ = (_numeric_date(claims, claim) for claim in DATE_CLAIMS)
    if exp is None:
        raise AuthError(401, "the token has no 'exp' claim")
    too_long = f"the token lives longer than {max_ttl_s} s (ICP_JWT_MAX_TTL_S)"
    if iat is not None and exp - iat > max_ttl_s:
        raise AuthError(401, f"{too_long}: its 'exp' is more than that after its 'iat'")
    if exp - now > max_ttl_s + CLOCK_LEEWAY_S:
        raise AuthError(401, f"{too_long}: its 'exp' is more than that from now")


def _tenant(value: Any, claim: str) -> int:
    try:
        return check_tenant_id(value if isinstance(value, (int, str)) else repr(value))
    except TenantIdError:
        raise AuthError(
            401, f"the token's {claim!r} claim is not a tenant id (1 to {MAX_TENANT_ID})"
        ) from None


def _roles(claims: Mapping[str, Any]) -> frozenset[str]:
    raw = claims.get("roles", claims.get("role"))
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise AuthError(403, "the token grants no role (claim 'roles': viewer, ops or admin)")
    roles = frozenset(values) & frozenset(ROLES)
    if not roles:
        raise AuthError(403, "the token grants no known role (viewer, ops or admin)")
    return roles


def principal_from_claims(
    claims: Mapping[str, Any], requested_tenant: str | None = None
) -> Principal:
    """The caller the verified ``claims`` describe, acting for ``requested_tenant``
    (the ``X-Tenant-ID`` header) when the token grants it, else for its own tenant.

    Raises:
        AuthError: 401 for an unusable claim, 403 for a tenant the token does not grant.
    """
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip():
        raise AuthError(401, "the token's 'sub' claim must name the user")
    # The subject is stored as who sent an intake or adopted a card: no control
    # characters (PostgreSQL refuses NUL), and a name's length.
    if len(subject) > MAX_SUBJECT_CHARS or any(
        unicodedata.category(char) == "Cc" for char in subject
    ):
        raise AuthError(
            401,
            f"the token's 'sub' claim must be a name of at most {MAX_SUBJECT_CHARS} "
            "characters, without control characters",
        )
    if "tenant_id" not in claims:
        raise AuthError(401, "the token has no 'tenant_id' claim")
    home_tenant = _tenant(claims["tenant_id"], "tenant_id")
    extra = claims.get("tenants") or []
    if not isinstance(extra, list):
        raise AuthError(401, "the token's 'tenants' claim must be a list of tenant ids")
    granted = frozenset({home_tenant, *(_tenant(t, "tenants") for t in extra)})
    tenant = home_tenant
    if requested_tenant is not None and requested_tenant.strip():
        try:
            tenant = check_tenant_id(requested_tenant.strip())
        except TenantIdError:
            raise AuthError(
                403, f"X-Tenant-ID must be a tenant id (1 to {MAX_TENANT_ID})"
            ) from None
        if tenant not in granted:
            raise AuthError(403, f"the token does not grant tenant {tenant}")
    return Principal(
        subject=subject.strip(), tenant_id=tenant, roles=_roles(claims), granted_tenants=granted
    )


def issue_token(
    settings: Settings,
    *,
    subject: str,
    tenant_id: int,
    roles: Iterable[str],
    tenants: Iterable[int] = (),
    ttl_s: int | None = None,
    now: float | None = None,
) -> str:
    """A signed token with the claims the API reads (for ``icp token`` and tests),
    living ``ttl_s`` seconds: by default ``DEFAULT_TOKEN_TTL_S``, or
    ``ICP_JWT_MAX_TTL_S`` when that is shorter.

    Raises:
        ValueError: an unknown role, or a lifetime not positive or over the cap.
    """
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise ValueError(f"unknown role {', '.join(unknown)}; roles: {', '.join(ROLES)}")
    if ttl_s is None:
        ttl_s = min(DEFAULT_TOKEN_TTL_S, settings.jwt_max_ttl_s)
    if ttl_s <= 0:
        raise ValueError("the token's lifetime must be positive")
    if ttl_s > settings.jwt_max_ttl_s:
        raise ValueError(
            f"the token's lifetime ({ttl_s} s) is over ICP_JWT_MAX_TTL_S "
            f"({settings.jwt_max_ttl_s} s), the longest the API accepts"
        )
    issued = int(now if now is not None else time.time())
    claims: dict[str, Any] = {
        "sub": subject,
        "tenant_id": check_tenant_id(tenant_id),
        "roles": sorted(set(roles)),
        "iat": issued,
        "exp": issued + ttl_s,
    }
    extra = sorted({check_tenant_id(t) for t in tenants} - {claims["tenant_id"]})
    if extra:
        claims["tenants"] = extra
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    return jwt.encode(claims, signing_key(settings), algorithm=settings.jwt_algorithm)
