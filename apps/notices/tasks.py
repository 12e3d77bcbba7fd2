from django.tasks import task

from .services import send_delivery


@task
def deliver(delivery_id: int) -> str:
    """Mail one recipient their kallelse (run by `manage.py db_worker`)."""
    return send_delivery(delivery_id)
