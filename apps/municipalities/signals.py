"""A login's role in the portal is its group (Sekretariatet, Kommunala tjänstepersoner, Administratörer): giving a
person a role lets them into the admin, whether the role is given on the user's page, on the group's page or in
code."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed


def role_given(sender, instance, action, reverse, pk_set, **kwargs):
    """Every group of the portal is a role in its admin: a member is staff."""
    if action != "post_add" or not pk_set:
        return
    User = get_user_model()
    if reverse:  # users added to a group
        User._default_manager.filter(pk__in=pk_set, is_staff=False).update(is_staff=True)
    elif not instance.is_staff:  # groups given to a user
        instance.is_staff = True
        User._default_manager.filter(pk=instance.pk).update(is_staff=True)


def connect_signals() -> None:
    m2m_changed.connect(role_given, sender=get_user_model().groups.through, dispatch_uid="role-makes-staff")
