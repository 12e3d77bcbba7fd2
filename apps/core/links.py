"""Signed personal links: an address that carries who and what it is for, so that a member can act without
logging in (report absence, confirm minutes). The signature proves the portal made the link; how long a link
is good for is the caller's rule (until the meeting ends, say), checked on the values it carries."""

from django.core import signing


class BadLink(Exception):
    """The link was not made by the portal, or was changed on the way."""


def make_token(purpose: str, **values) -> str:
    return signing.dumps(values, salt=f"sodertorn.links.{purpose}", compress=True)


def read_token(purpose: str, token: str) -> dict:
    try:
        values = signing.loads(token, salt=f"sodertorn.links.{purpose}")
    except signing.BadSignature as error:
        raise BadLink(str(error)) from error
    if not isinstance(values, dict):
        raise BadLink("not a link of the portal's")
    return values
