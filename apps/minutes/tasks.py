from django.tasks import task

from .services import send_justering


@task
def mail_justering(signatory_id: int) -> str:
    """Mail the chair or an adjuster their personal link to confirm the minutes (run by `manage.py db_worker`)."""
    return send_justering(signatory_id)
