"""`manage.py check` (and every management command) opens the signing certificate when one is configured, so that a
wrong path or password is found when the portal is set up, not when the first minutes are adjusted."""

from django.core import checks

from . import signing


@checks.register(checks.Tags.security, deploy=False)
def signing_certificate_opens(app_configs, **kwargs):
    if not signing.is_configured():
        return []
    try:
        signing.signer()
    except signing.SigningNotPossible as error:
        return [checks.Error(str(error), hint="Check MINUTES_SIGNING_PKCS12 and MINUTES_SIGNING_PASSWORD.",
                             id="minutes.E001")]
    return []
