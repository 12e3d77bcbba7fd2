"""What every admin page of the portal shares: history with revert and undelete, spreadsheet import and
export with checked files, and the rule that a municipal official changes only their own municipality's rows."""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.options import BaseModelAdmin
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_history_model_for_model, get_m2m_reverse_field_name

from .forms import SpreadsheetImportForm, TextCharacters
from .resources import EXPORT_FORMATS, IMPORT_FORMATS, import_preview
from .history import (
    HistoryInWords, RestoreError, deleted_records, describe_deleted, moment, parent_field, restore_deleted,
)

CHANGE_EVERY_MUNICIPALITY = "municipalities.change_all_municipalities"


def _yes_no_icon(value):
    """Django's yes/no icon with its text in the reader's language: Django's own (admin_list._boolean_icon, used
    by lists and read-only fields alike) gives it the text "True" or "False", which is what a screen reader says."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: _("Yes"), False: _("No"), None: _("Unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


admin_list._boolean_icon = _yes_no_icon

_formfield_for_dbfield = BaseModelAdmin.formfield_for_dbfield


def _formfield_with_text_rules(self, db_field, request, **kwargs):
    """Django's form field for a model field, a text refusing control characters (apps/core/forms.py): a
    single-line one (CharField) also line breaks and tabs, a multi-line one (TextField) all but those. Set on
    Django's BaseModelAdmin, so that it holds for every form of the admin, once: each app's admins and inlines,
    and those of the libraries (users, groups, background tasks), without each having to remember it."""
    formfield = _formfield_for_dbfield(self, db_field, request, **kwargs)
    if isinstance(formfield, forms.CharField) and isinstance(db_field, (models.CharField, models.TextField)):
        formfield.validators.append(TextCharacters(multi_line=isinstance(db_field, models.TextField)))
    return formfield


BaseModelAdmin.formfield_for_dbfield = _formfield_with_text_rules


def official_municipality_id(user) -> int | None:
    """The municipality a logged-in official belongs to, or None."""
    profile = getattr(user, "official_profile", None) if user.is_authenticated else None
    return profile.municipality_id if profile else None


def is_limited_to_own_municipality(user) -> bool:
    return not user.has_perm(CHANGE_EVERY_MUNICIPALITY)


def _without_links(nested: list, prefixes: tuple[str, ...]) -> list:
    """Django's nested list of what a deletion removes, without the rows that only link two others."""
    kept = []
    for item in nested:
        if isinstance(item, list):
            kept.append(_without_links(item, prefixes))
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return kept


class PortalAdmin(SimpleHistoryAdmin):
    """History in words on every page; with `restore_deleted`, a list of deleted rows that can be brought back."""

    change_list_template = "admin/core/change_list.html"
    object_history_template = "admin/core/object_history.html"
    object_history_list_template = "admin/core/history_list.html"
    restore_deleted = False
    # For rows numbered among their siblings: (number field, parent field). A restored row whose number has been
    # given to another row meanwhile comes back last.
    restore_numbering = None

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL compares no text that holds a NUL: a search (or an autocomplete) for one is a server error
        # unless the NUL goes, and what the other words find is found.
        return super().get_search_results(request, queryset, search_term.replace("\x00", " "))

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryInWords(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:
            record.when = moment(record.history_date)

    def get_deleted_objects(self, objs, request):
        # Leave out the rows that only link two others (a meeting's hosts, shown by Django as
        # "Meeting_hosts object (7)"): they are no things a person knows, and go with the row anyway.
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = [model for model in apps.get_models(include_auto_created=True) if model._meta.auto_created]
        prefixes = tuple(f"{capfirst(model._meta.verbose_name)}: " for model in links)
        link_names = {str(model._meta.verbose_name_plural) for model in links}
        model_count = {name: count for name, count in model_count.items() if str(name) not in link_names}
        return _without_links(to_delete, prefixes), model_count, perms_needed, protected

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        urls = []
        if self.restore_deleted:
            urls = [
                path("deleted/", self.admin_site.admin_view(self.deleted_view), name="%s_%s_deleted" % info),
                path(
                    "deleted/<int:history_id>/restore/", self.admin_site.admin_view(self.restore_view),
                    name="%s_%s_restore" % info,
                ),
            ]
        return urls + super().get_urls()

    def changelist_links(self, request) -> list[tuple[str, str]]:
        """Extra buttons above the list, as (address, label)."""
        links = []
        if self.restore_deleted and self.has_add_permission(request):
            info = self.opts.app_label, self.opts.model_name
            links.append((reverse("admin:%s_%s_deleted" % info), _("Deleted %(name)s") % {
                "name": self.opts.verbose_name_plural}))
        return links

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "portal_changelist_links": self.changelist_links(request)}
        return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        record = getattr(obj, "_history", None)
        if record is None:
            return form
        # Reverting from the history page: many-to-many fields show the old version's links, not today's.
        old_links = {}
        for field in getattr(record, "_history_m2m_fields", []):
            target = get_m2m_reverse_field_name(field)
            old_links[field.name] = list(getattr(record, field.name).values_list(f"{target}_id", flat=True))

        class RevertForm(form):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                for name, ids in old_links.items():
                    if name in self.fields:
                        self.initial[name] = ids

        return RevertForm

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history lets anyone who may view the history post a revert; only those who may change may.
        if request.method == "POST":
            history_model = get_history_model_for_model(self.model)
            record = get_object_or_404(
                history_model, **{self.opts.pk.attname: unquote(object_id), "history_id": version_id}
            )
            if not self.has_change_history_permission(request, record.instance):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def deleted_view(self, request):
        if not (self.has_view_permission(request) and self.has_add_permission(request)):
            raise PermissionDenied
        records = deleted_records(self.model)
        describe_deleted(self.model, records)
        parent = parent_field(self.model)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            "opts": self.opts,
            "records": records,
            "parent_label": capfirst(parent.verbose_name) if parent is not None else "",
            "restore_url_name": "admin:%s_%s_restore" % (self.opts.app_label, self.opts.model_name),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/core/deleted_list.html", context)

    def restore_view(self, request, history_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        info = self.opts.app_label, self.opts.model_name
        try:
            instance = restore_deleted(self.model, history_id, user=request.user, numbering=self.restore_numbering)
        except RestoreError as e:
            self.message_user(request, str(e), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:%s_%s_deleted" % info))
        self.message_user(
            request, _("%(name)s “%(object)s” was restored.") % {
                "name": capfirst(self.opts.verbose_name), "object": instance},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:%s_%s_change" % info, args=[instance.pk]))


class SpreadsheetAdmin(ImportExportMixin, PortalAdmin):
    """CSV and XLSX import and export with the same columns both ways; a file is checked before it is read,
    a preview shows every bad row, and a file with any bad row writes nothing."""

    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    import_form_class = SpreadsheetImportForm
    # Every column, always: an export is the template of an import.
    export_form_class = ExportForm
    import_template_name = "admin/core/import.html"
    # A model whose rows belong to one municipality each: limited users may not import them.
    municipality_scoped = False

    def has_import_permission(self, request):
        if self.municipality_scoped and is_limited_to_own_municipality(request.user):
            return False
        opts = self.opts
        return request.user.has_perms([f"{opts.app_label}.add_{opts.model_name}",
                                       f"{opts.app_label}.change_{opts.model_name}"])

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = (getattr(response, "context_data", None) or {}).get("result")
        if result is not None:
            response.context_data["preview"] = import_preview(result)
        return response

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # django-import-export writes numbers and dates as such only for its own binary formats (an exact type
        # check); our Excel format is a subclass of its own.
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.is_binary(), **kwargs)
        export_data = file_format.export_data(data)
        if not file_format.is_binary() and kwargs.get("encoding"):
            export_data = export_data.encode(kwargs["encoding"])
        return export_data

    def get_export_filename(self, request, queryset, file_format):
        return "%s-%s.%s" % (
            slugify(str(self.opts.verbose_name_plural)), timezone.localdate().isoformat(), file_format.get_extension()
        )


class OwnMunicipalityMixin:
    """Rows that belong to a municipality: a user without the permission to change every municipality's rows
    (a municipal official) may see them all but add, change and delete only their own municipality's."""

    municipality_field = "municipality"

    def _limited(self, request) -> bool:
        return is_limited_to_own_municipality(request.user)

    def _is_own(self, request, obj) -> bool:
        own = official_municipality_id(request.user)
        return own is not None and getattr(obj, f"{self.municipality_field}_id") == own

    def has_add_permission(self, request, *args):
        allowed = super().has_add_permission(request, *args)
        if allowed and self._limited(request):
            return official_municipality_id(request.user) is not None
        return allowed

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and self._limited(request):
            return self._is_own(request, obj)
        return allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None and self._limited(request):
            return self._is_own(request, obj)
        return allowed

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.municipality_field and self._limited(request):
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                pk=official_municipality_id(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if self._limited(request) and official_municipality_id(request.user):
            initial.setdefault(self.municipality_field, official_municipality_id(request.user))
        return initial


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's list of background tasks (the kallelse's deliveries), its columns named in the reader's
    language: the library names three of them in English only."""

    list_display = ["id", "task", "status", "enqueued_at", "started_at", "finished_at", "priority", "queue_name"]

    @admin.display(description=gettext_lazy("task"), ordering="task_path")
    def task(self, result):
        return result.task_name

    @admin.display(description=gettext_lazy("traceback"))
    def formatted_traceback(self, result):
        return super().formatted_traceback(result)

    @admin.display(description=gettext_lazy("run after"))
    def display_run_after(self, result):
        return super().display_run_after(result)


def action_form_response(modeladmin, request, queryset, *, form, title, action, intro="", submit_label=None):
    """The intermediate page of an admin action that asks something first."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "opts": modeladmin.opts,
        "form": form,
        "queryset": queryset,
        "action": action,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "submit_label": submit_label or gettext_lazy("Continue"),
        "media": modeladmin.media + form.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/core/action_form.html", context)

# django-import-export and django-simple-history have no Swedish catalogue; their texts are translated in
# ours. Named here so that makemessages keeps them.
THIRD_PARTY_MESSAGES = (
    gettext_noop('Import'),
    gettext_noop('Export'),
    gettext_noop('Confirm import'),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, click 'Confirm import'"
    ),
    gettext_noop('Errors'),
    gettext_noop('Line number'),
    gettext_noop('Some rows failed to validate'),
    gettext_noop('Please correct these errors in your data where possible, then reupload it using the form above.'),
    gettext_noop('Row'),
    gettext_noop('Non field specific'),
    gettext_noop('Preview'),
    gettext_noop('New'),
    gettext_noop('Skipped'),
    gettext_noop('Update'),
    gettext_noop('Submit'),
    gettext_noop('Select all'),
    gettext_noop('This importer will import the following fields: '),
    gettext_noop('This exporter will export the following fields: '),
    gettext_noop('Resource'),
    gettext_noop('Format'),
    gettext_noop('File to import'),
    gettext_noop('Import finished: {} new, {} updated, {} deleted and {} skipped {}.'),
    gettext_noop('Export selected %(verbose_name_plural)s'),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct format for the file."
    ),
    gettext_noop('No valid data to import. Ensure your file has the correct headers or data for import.'),
    ngettext_lazy('Export %(len)s selected item.', 'Export %(len)s selected items.', 1),
    gettext_noop('Change history: %s'),
    gettext_noop('View history: %s'),
    gettext_noop('Revert %s'),
    gettext_noop('View %s'),
    gettext_noop('Revert %(verbose_name)s'),
    gettext_noop('View %(verbose_name)s'),
    gettext_noop('Choose a date from the list below to revert to a previous version of this object.'),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop('Object'),
    gettext_noop('Comment'),
    gettext_noop('Changed by'),
    gettext_noop('Change reason'),
    gettext_noop('Changes'),
    gettext_noop('None'),
    gettext_noop('Revert'),
    gettext_noop('Change History'),
    gettext_noop('Close'),
    gettext_noop('Created'),
    gettext_noop('Changed'),
    gettext_noop('Deleted'),
    gettext_noop('Deleted %(type_name)s'),
    ngettext_lazy('entry', 'entries', 1),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop('You may edit it again below'),
)
